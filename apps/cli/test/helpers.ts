import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const CLI_DIR = fileURLToPath(new URL("..", import.meta.url));
export const CLI_BIN = fileURLToPath(new URL("../bin/skyport.js", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and collects its output. Never rejects on a non-zero exit. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    /** Written to the command's stdin, which is then closed (without it, stdin is ignored). */
    stdin?: string;
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      timeout: options.timeoutMs ?? 30_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs the CLI as users do: `node apps/cli/bin/skyport.js ...`, from the TypeScript source so
 * the test exercises the code in this checkout (the packaged build has its own test).
 */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const base = { ...process.env };
  for (const name of Object.keys(base)) if (name.startsWith("SKYPORT_")) delete base[name];
  delete base.COLUMNS;
  return runProcess(process.execPath, [CLI_BIN, ...args], {
    // A config directory of its own: never the developer's ~/.skyport.
    env: { ...base, SKYPORT_CLI_FROM_SOURCE: "1", SKYPORT_CONFIG_DIR: emptyConfigDir(), ...env },
  });
}

function emptyConfigDir(): string {
  return mkdtempSync(join(tmpdir(), "skyport-cli-test-"));
}

export interface StubResponse {
  status: number;
  body: unknown;
}

/** A stand-in for the Skyport web app at the network boundary: a real HTTP server on 127.0.0.1. */
export interface StubServer {
  url: string;
  /** What the next requests get. */
  respond(response: StubResponse): void;
  requests: Array<{ method: string; path: string; headers: IncomingMessage["headers"] }>;
  close(): Promise<void>;
}

export async function startStubServer(): Promise<StubServer> {
  let current: StubResponse = { status: 404, body: { error: { code: "NOT_FOUND", message: "not found" } } };
  const requests: StubServer["requests"] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers });
    const body = JSON.stringify(current.body);
    res.writeHead(current.status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    respond(response) {
      current = response;
    },
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A port nothing listens on: bound, read, then released. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

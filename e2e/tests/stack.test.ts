import { chmod, mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@skyport/localstack";
import { createTestDatabase, TcpProxy, testRedis } from "@skyport/testing";
import { afterAll, describe, expect, it } from "vitest";
import { processesMatching, repoPath, startStack } from "../src/stack.ts";

function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}

/** A request fetch() cannot send (undici refuses TRACE): its status and Allow header. */
function sendMethod(method: string, url: string): Promise<{ status?: number; allow?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (response) => {
      let body = "";
      response.on("data", (c) => {
        body += c;
      });
      response.on("end", () => resolve({ status: response.statusCode, allow: response.headers.allow, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function runToExit(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const { spawn } = await import("node:child_process");
  const child = spawn("npm", ["start"], { cwd: repoPath(), env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (c) => {
    output += c;
  });
  child.stderr.on("data", (c) => {
    output += c;
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  return { code, output };
}

describe("npm start refuses bad configuration", () => {
  it("names a malformed PORT and DATABASE_URL and exits 78 before starting anything", async () => {
    const { code, output } = await runToExit({
      ...envWithout("REDIS_URL"),
      PORT: "80a",
      DATABASE_URL: "nope",
    });
    expect(code).toBe(78);
    expect(output).toContain("PORT: must be a port number");
    expect(output).toContain("DATABASE_URL: must be a PostgreSQL URL");
    expect(output).not.toContain("Embedded PostgreSQL is running");
  });
});

describe("npm start with embedded defaults (a fresh machine)", () => {
  it("starts PostgreSQL, Redis, the console and the worker; serves the console; Ctrl-C leaves nothing behind", async () => {
    // A state directory of its own, as in a fresh clone. Its parent must be reachable by the
    // `postgres` OS user that embedded PostgreSQL runs as when we are root.
    const stateDir = await mkdtemp(path.join(tmpdir(), "skyport-e2e-"));
    await chmod(stateDir, 0o755);
    const port = await findFreePort();
    const stack = await startStack(
      { ...envWithout("DATABASE_URL", "REDIS_URL"), SKYPORT_STATE_DIR: stateDir, LOG_LEVEL: "info" },
      port,
    );
    try {
      expect(stack.output()).toContain("Initialising an embedded PostgreSQL cluster");
      expect(stack.output()).toMatch(/Applied \d+ migration/);
      // No SKYPORT_KEK set: a development one is generated and kept in the state directory.
      expect(stack.output()).toContain(
        `Generated a development SKYPORT_KEK into ${path.join(stateDir, "kek")}`,
      );
      // The worker starts beside the console; give it a moment to report in.
      await expect.poll(() => stack.output(), { timeout: 30_000 }).toContain('"msg":"worker ready"');

      const health = await fetch(`${stack.baseUrl}/api/health`);
      expect(health.status).toBe(200);
      expect(health.headers.get("x-request-id")).toMatch(/^[A-Za-z0-9._-]{8,128}$/);
      const report = (await health.json()) as { version?: unknown };
      expect(report).toMatchObject({ status: "ok", db: "ok", redis: "ok" });
      expect(typeof report.version).toBe("string");

      // The console's home page is served (the browser check of it is in identity.browser.test.ts).
      const home = await fetch(stack.baseUrl);
      expect(home.status).toBe(200);
      expect(await home.text()).toMatch(/<title>[^<]*Skyport/);

      // A method Skyport does not serve is refused by its web server (apps/web/server.mjs) before
      // Next.js, which would answer TRACE with a 500.
      for (const target of ["/api/v1/openapi.json", "/"]) {
        const trace = await sendMethod("TRACE", `${stack.baseUrl}${target}`);
        expect(trace.status, target).toBe(405);
        expect(trace.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
        expect(JSON.parse(trace.body)).toMatchObject({ error: { code: "METHOD_NOT_ALLOWED" } });
      }
    } finally {
      // Ctrl-C in a terminal signals the whole foreground process group.
      const exit = await stack.stop("SIGINT");
      expect([0, "SIGINT"]).toContain(exit.code ?? exit.signal);
    }
    expect(stack.output()).toContain("[skyport] Stopped.");
    expect(stack.output()).toContain('"msg":"worker stopped"');
    // Nothing that mentioned the state directory or the port survives.
    await new Promise((r) => setTimeout(r, 500));
    expect(processesMatching(stateDir)).toEqual([]);
    expect(processesMatching(`--port ${port}`)).toEqual([]);
    await rm(stateDir, { recursive: true, force: true });
  });
});

describe("a running stack and a PostgreSQL outage", () => {
  const proxies: TcpProxy[] = [];
  afterAll(async () => {
    for (const proxy of proxies) await proxy.stop();
  });

  it("answers 503 naming db while PostgreSQL is unreachable, and recovers without a restart", async () => {
    const { url } = await createTestDatabase();
    const target = new URL(url);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    proxies.push(proxy);
    await proxy.start();
    const viaProxy = new URL(url);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    const port = await findFreePort();
    const stack = await startStack(
      { ...process.env, DATABASE_URL: viaProxy.toString(), REDIS_URL: testRedis().url },
      port,
    );
    try {
      expect(stack.output()).toContain("Using PostgreSQL from DATABASE_URL");
      expect(stack.output()).not.toContain(target.password || "no-password-in-url");
      expect((await fetch(`${stack.baseUrl}/api/health`)).status).toBe(200);

      proxy.cut();
      const down = await fetch(`${stack.baseUrl}/api/health`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({
        status: "error",
        db: "unreachable",
        redis: "ok",
        failing: ["db"],
      });

      proxy.restore();
      await expect
        .poll(async () => (await fetch(`${stack.baseUrl}/api/health`)).status, {
          timeout: 30_000,
          interval: 500,
        })
        .toBe(200);
    } finally {
      const exit = await stack.stop("SIGINT");
      expect([0, "SIGINT"]).toContain(exit.code ?? exit.signal);
      expect(stack.output()).toContain("[skyport] Stopped.");
    }
  });
});

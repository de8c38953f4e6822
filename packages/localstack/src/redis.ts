import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { STATE_DIR } from "./paths.ts";
import { findFreePort, waitForPort } from "./ports.ts";
import type { ResolvedService } from "./postgres.ts";

export class RedisUnavailableError extends Error {
  constructor() {
    super(
      "Skyport needs Redis and found neither REDIS_URL nor a redis-server on PATH.\n" +
        "  - Debian/Ubuntu: sudo apt-get install -y redis-server\n" +
        "  - macOS:         brew install redis\n" +
        "  - or point Skyport at a running Redis: REDIS_URL=redis://127.0.0.1:6379",
    );
    this.name = "RedisUnavailableError";
  }
}

/** Finds an executable on PATH, like `which`. */
export function findOnPath(binary: string, searchPath = process.env.PATH ?? ""): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface ResolveRedisOptions {
  /** Overrides process.env.REDIS_URL. */
  redisUrl?: string | undefined;
  dataDir?: string;
  /** Keep nothing on disk (tests). */
  ephemeral?: boolean;
  /** Overrides PATH when looking for redis-server. */
  searchPath?: string;
  log?: (line: string) => void;
}

/**
 * Redis for a local run: REDIS_URL when set, otherwise a redis-server from PATH on a free
 * port with its data under .skyport/redis. Throws RedisUnavailableError when neither exists.
 */
export async function resolveRedis(options: ResolveRedisOptions = {}): Promise<ResolvedService> {
  const fromEnv = options.redisUrl ?? process.env.REDIS_URL;
  if (fromEnv) return { url: fromEnv, source: "environment", stop: async () => {} };

  const binary = findOnPath("redis-server", options.searchPath);
  if (!binary) throw new RedisUnavailableError();
  const log = options.log ?? (() => {});
  const dataDir = options.dataDir ?? path.join(STATE_DIR, "redis");
  await mkdir(dataDir, { recursive: true });
  const port = await findFreePort();
  const persistence = options.ephemeral
    ? ["--save", "", "--appendonly", "no"]
    : ["--save", "60 1", "--appendonly", "no"];
  const child: ChildProcess = spawn(
    binary,
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dataDir, "--daemonize", "no", ...persistence],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`redis-server exited with code ${code}:\n${output}`))),
  );
  await Promise.race([waitForPort("127.0.0.1", port, 15_000), exited]);
  exited.catch(() => {});
  log(`redis-server is running on 127.0.0.1:${port} (data in ${dataDir}).`);
  return {
    url: `redis://127.0.0.1:${port}`,
    source: "embedded",
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
      if (options.ephemeral) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

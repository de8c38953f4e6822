import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRedisConnection } from "@skyport/queue";
import { testRedis } from "@skyport/testing";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));

export interface RunningStack {
  baseUrl: string;
  process: ChildProcess;
  output: () => string;
  /**
   * Signals `npm start`'s whole process group, as a terminal's Ctrl-C does, and waits for
   * it to exit. npm itself may die of the signal; the launcher's own exit is reported by
   * its "[skyport] Stopped." line.
   */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Each stack stands for a fresh machine, but the e2e files share one Redis and sign up from the
 * same 127.0.0.1: the sign-up and sign-in limits earlier files' stacks counted start over.
 */
async function clearRateLimits(redisUrl: string): Promise<void> {
  const redis = createRedisConnection(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", "skyport:ratelimit:*", "COUNT", 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

/** Runs the real `npm start` with the given environment, and waits until it says it is ready. */
export async function startStack(
  env: NodeJS.ProcessEnv,
  port: number,
  timeoutMs = 8 * 60_000,
): Promise<RunningStack> {
  if (env.REDIS_URL) await clearRateLimits(env.REDIS_URL);
  // Its own process group, so stop() can signal it the way a terminal's Ctrl-C does.
  const child = spawn("npm", ["start"], {
    cwd: REPO,
    // Journeys that do not test runtimes render them (real Airflow per deployment is heavy):
    // only a test that asks for SKYPORT_RUNTIME=local gets local runtimes.
    env: { ...env, SKYPORT_RUNTIME: env.SKYPORT_RUNTIME ?? "render", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (c) => {
    output += c;
  });
  child.stderr?.on("data", (c) => {
    output += c;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // "close" waits for every process holding the output pipes: the launcher and its children.
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + timeoutMs;
  while (!output.includes("Skyport is ready.")) {
    if (child.exitCode !== null)
      throw new Error(`npm start exited with ${child.exitCode}:\n${output.slice(-4000)}`);
    if (Date.now() > deadline) {
      child.kill("SIGINT");
      throw new Error(`npm start was not ready after ${timeoutMs} ms:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    process: child,
    output: () => output,
    async stop(signal = "SIGINT") {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, signal);
      return exited;
    },
  };
}

/** Processes whose command line mentions `needle` (e.g. a state directory or a port). */
export function processesMatching(needle: string): string[] {
  const out = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return out
    .split("\n")
    .slice(1)
    .filter((line) => line.includes(needle) && !line.includes("ps -eo"));
}

export function repoPath(...parts: string[]): string {
  return path.join(REPO, ...parts);
}

/**
 * A stack's environment on the database `databaseUrl`, a Redis prefix of its own and the state
 * directory `stateDir`; `extra` adds settings or overrides these.
 */
export function stackEnvironment(
  databaseUrl: string,
  stateDir: string,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: testRedis().url,
    SKYPORT_STATE_DIR: stateDir,
    ...extra,
  };
}

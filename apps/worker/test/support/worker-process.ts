// The real worker as a separate process (`tsx apps/worker/src/main.ts`) for crash tests: started
// with an environment of the test's choosing, awaited until it logs "worker ready", and killed
// with SIGKILL (the whole process group: tsx runs the worker in a child process).
import { type ChildProcess, spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { RedisUnavailableError, type ResolvedService, resolveRedis } from "@skyport/localstack";
import { createRedisConnection, JobProducer } from "@skyport/queue";
import { waitFor } from "@skyport/testing";
import { inject } from "vitest";

const REPO = fileURLToPath(new URL("../../../../", import.meta.url));

export class WorkerProcesses {
  private readonly running = new Set<ChildProcess>();
  /** The last 200 kB the workers printed (for failure messages). */
  output = "";

  constructor(private readonly env: Record<string, string>) {}

  async start(readyTimeoutMs = 90_000): Promise<ChildProcess> {
    const child = spawn(
      path.join(REPO, "node_modules/.bin/tsx"),
      [path.join(REPO, "apps/worker/src/main.ts")],
      {
        cwd: REPO,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, ...this.env },
      },
    );
    this.running.add(child);
    child.once("exit", () => this.running.delete(child));
    let ready = false;
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      this.output = (this.output + text).slice(-200_000);
      if (text.includes('"msg":"worker ready"')) ready = true;
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    await waitFor(() => ready || child.exitCode !== null, readyTimeoutMs, "the worker to be ready");
    if (!ready) throw new Error(`the worker exited with ${child.exitCode}:\n${this.output.slice(-5_000)}`);
    return child;
  }

  /** SIGKILL to the worker's process group; resolves once it is gone. */
  async kill(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    signalGroup(child, "SIGKILL");
    await exited;
  }

  killAll(): void {
    for (const child of this.running) signalGroup(child, "SIGKILL");
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * A Redis for a worker process alone (it uses the default queue prefix, which must not meet any
 * other test's): a redis-server of its own under `dataDir`, or, without the binary, a logical
 * database of the shared test Redis.
 */
export async function privateRedis(dataDir: string): Promise<ResolvedService> {
  try {
    // An empty REDIS_URL makes resolveRedis start a redis-server of its own.
    return await resolveRedis({ redisUrl: "", dataDir, ephemeral: true });
  } catch (error) {
    if (!(error instanceof RedisUnavailableError)) throw error;
    return { url: `${inject("redisUrl")}/${randomInt(1, 16)}`, source: "environment", stop: async () => {} };
  }
}

/** privateRedis, and a job producer connected to it (the default queue prefix, as the worker's). */
export async function privateQueue(
  dataDir: string,
): Promise<{ redis: ResolvedService; producer: JobProducer }> {
  const redis = await privateRedis(dataDir);
  const connection = createRedisConnection(redis.url, { maxRetriesPerRequest: 1 });
  await connection.connect();
  return { redis, producer: new JobProducer(connection) };
}

import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRedisConnection, heartbeatKey, JobProducer } from "@skyport/queue";
import { Queue } from "bullmq";
import { describe, expect, it } from "vitest";
import { capturingLogger } from "../../../packages/domain/test/provisioning/support.ts";
import { createSkyportWorker } from "../src/worker.ts";
import { workerTestServices } from "./support/worker-services.ts";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const { databaseUrl, redisUrl, prefix, redis, config } = await workerTestServices(
  "worker-test-secret-0123456789abcdefghijkl",
);
const workerConfig = { ...config, WORKER_CONCURRENCY: 1 };

describe("worker runtime", () => {
  it("writes a heartbeat as soon as it is ready", async () => {
    const { logger, lines } = capturingLogger();
    const worker = createSkyportWorker({ ...workerConfig, WORKER_SHUTDOWN_TIMEOUT_MS: 5_000 }, logger, {
      prefix: `${prefix}-hb`,
    });
    await worker.start();
    const deadline = Date.now() + 10_000;
    let beat: string | null = null;
    while (!beat && Date.now() < deadline) {
      beat = await redis.get(heartbeatKey(`${prefix}-hb`));
      if (!beat) await new Promise((r) => setTimeout(r, 100));
    }
    expect(JSON.parse(beat ?? "{}")).toMatchObject({ pid: process.pid });
    expect(lines.some((l) => l.includes('"msg":"worker ready"'))).toBe(true);
    expect(await worker.stop()).toEqual({ graceful: true });
  });

  it("on shutdown finishes the active job and takes no new one", async () => {
    const { logger } = capturingLogger();
    const queuePrefix = `${prefix}-gs`;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: string[] = [];
    const finished: string[] = [];
    const worker = createSkyportWorker({ ...workerConfig, WORKER_SHUTDOWN_TIMEOUT_MS: 20_000 }, logger, {
      prefix: queuePrefix,
      extraConsumers: [
        {
          queue: "slow",
          concurrency: 1,
          handlers: {
            slow: async (job) => {
              started.push(String(job.id));
              await gate;
              finished.push(String(job.id));
              return "done";
            },
          },
        },
      ],
    });
    await worker.start();
    const queue = new Queue("slow", { connection: createRedisConnection(redisUrl), prefix: queuePrefix });
    await queue.add("slow", {}, { jobId: "first" });
    while (started.length === 0) await new Promise((r) => setTimeout(r, 50));

    const stopping = worker.stop();
    await new Promise((r) => setTimeout(r, 200));
    await queue.add("slow", {}, { jobId: "second" });
    release();
    expect(await stopping).toEqual({ graceful: true });

    expect(finished).toEqual(["first"]);
    expect(started).toEqual(["first"]);
    expect(await queue.getJobState("first")).toBe("completed");
    expect(await queue.getJobState("second")).toBe("waiting");
    await queue.close();
  });

  it("validates catalog payloads before they reach Redis", async () => {
    const producer = new JobProducer(redis, `${prefix}-p`);
    const { jobs } = await import("@skyport/queue");
    await expect(producer.enqueue(jobs.workerHeartbeat, "nope" as never)).rejects.toThrow();
    const id = await producer.enqueue(jobs.workerHeartbeat, {});
    // The idempotency key makes a second enqueue the same job, not a duplicate.
    expect(await producer.enqueue(jobs.workerHeartbeat, {})).toBe(id);
    await producer.close();
  });
});

describe("worker process", () => {
  const entry = path.join(REPO, "apps/worker/src/main.ts");
  const tsx = path.join(REPO, "node_modules/.bin/tsx");

  it("logs that it is ready, and exits 0 after SIGTERM with a graceful stop", async () => {
    const child = spawn(tsx, [entry], {
      env: {
        ...process.env,
        REDIS_URL: redisUrl,
        DATABASE_URL: databaseUrl,
        SKYPORT_SECRET: "worker-test-secret-0123456789abcdefghijkl",
        SKYPORT_KEK: "worker-test:d29ya2VyLXRlc3Qta2VrLTAxMjM0NTY3ODlhYmNkZWY=",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c) => {
      output += c;
    });
    child.stderr.on("data", (c) => {
      output += c;
    });
    const deadline = Date.now() + 30_000;
    while (!output.includes('"msg":"worker ready"') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(output).toContain('"msg":"worker ready"');
    const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    const lines = output
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(["worker ready", "signal received", "worker stopped"]),
    );
    expect(lines.find((l) => l.msg === "worker stopped")).toMatchObject({
      graceful: true,
      service: "worker",
    });
    expect(output).not.toMatch(/skyport-local|password/);
  });

  it("refuses to start with a message naming every missing variable (exit 78)", async () => {
    const env = { ...process.env };
    delete env.REDIS_URL;
    delete env.DATABASE_URL;
    const child = spawn(tsx, [entry], {
      env: { ...env, WORKER_CONCURRENCY: "lots" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c) => {
      stderr += c;
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    expect(code).toBe(78);
    expect(stderr).toContain("DATABASE_URL: is required");
    expect(stderr).toContain("REDIS_URL: is required");
    expect(stderr).toContain("WORKER_CONCURRENCY: must be a number");
  });
});

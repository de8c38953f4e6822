// A provisioning worker run inside the test process (BullMQ on Redis) against the provisioning
// harness's databases: what the stand-in and the real-cluster worker tests both start.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Logger } from "@skyport/logger";
import { createRedisConnection, JobProducer, jobs } from "@skyport/queue";
import { testRedis } from "@skyport/testing";
import { afterAll, beforeAll } from "vitest";
import {
  capturingLogger,
  createHarness,
  type Harness,
} from "../../../../packages/domain/test/provisioning/support.ts";
import {
  realClusterAvailable,
  useRealCluster,
} from "../../../../packages/provisioning/test/support/real-cluster.ts";
import { createSkyportWorker, type SkyportWorker } from "../../src/worker.ts";
import { TEST_KEK } from "../support/worker-services.ts";

type WorkerOptions = NonNullable<Parameters<typeof createSkyportWorker>[2]>;

export interface InProcessWorker {
  worker: SkyportWorker;
  /** Stops the worker and removes its state directory. */
  stop(): Promise<void>;
}

/** Starts a worker with a state directory of its own and a 1 s drift sweep. */
export async function startProvisioningWorker(
  harness: Harness,
  settings: {
    redisUrl: string;
    secret: string;
    readyTimeoutMs: number;
    logger: Logger;
    options: WorkerOptions;
  },
): Promise<InProcessWorker> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), "skyport-worker-"));
  const worker = createSkyportWorker(
    {
      REDIS_URL: settings.redisUrl,
      DATABASE_URL: harness.databaseUrl,
      SKYPORT_SECRET: settings.secret,
      SKYPORT_KEK: TEST_KEK,
      SKYPORT_STATE_DIR: stateDir,
      WORKER_CONCURRENCY: 4,
      WORKER_SHUTDOWN_TIMEOUT_MS: 10_000,
      RUNTIME_DATABASE_URL: harness.runtimeAdminUrl,
      PROVISIONING_READY_TIMEOUT_MS: settings.readyTimeoutMs,
      // Settled deployments come round once every 12 ticks of the drift sweep: 12 s here.
      DRIFT_SWEEP_INTERVAL_MS: 1_000,
    },
    settings.logger,
    settings.options,
  );
  await worker.start();
  return {
    worker,
    async stop() {
      await worker.stop();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * A REAL control plane, a provisioning harness, this file's Redis and an in-process worker that
 * talks to all three through a kubeconfig (started in `beforeAll`, stopped in `afterAll`; without
 * the control plane nothing starts and the tests skip as useRealCluster says).
 */
export async function useRealClusterWorker(secret: string) {
  const real = useRealCluster();
  const harness = await createHarness();
  const { url: redisUrl, prefix } = testRedis();
  const redis = createRedisConnection(redisUrl, { maxRetriesPerRequest: 1 });
  await redis.connect();
  const producer = new JobProducer(redis, prefix);
  let running: InProcessWorker | undefined;
  const log = capturingLogger();

  beforeAll(async () => {
    if (!realClusterAvailable) return;
    const { cluster, kubeConfig } = real();
    running = await startProvisioningWorker(harness, {
      redisUrl,
      secret,
      readyTimeoutMs: 120_000,
      logger: log.logger,
      options: {
        prefix,
        cluster: { source: "kubeconfig", kubeConfig, server: cluster.url },
        readinessPollMs: 200,
      },
    });
  }, 60_000);
  afterAll(async () => {
    await running?.stop();
    await producer.close();
    redis.disconnect();
  });

  /** The deployment's row as the worker left it. */
  const row = (id: string) => harness.db.deployment.findUniqueOrThrow({ where: { id } });
  /** Enqueues a reconcile of the deployment, as the console and the API do after a change. */
  const reconcile = (deploymentId: string, generation: number, reason: "create" | "update" | "delete") =>
    producer.enqueue(jobs.deploymentReconcile, { deploymentId, generation, reason });
  return { real, harness, producer, log, row, reconcile };
}

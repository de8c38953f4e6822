// The provisioning queue as the worker runs it (in-process, through Redis and BullMQ): reconcile
// jobs, the drift sweep's schedule, and two jobs for one deployment arriving together.
import { createRedisConnection, JobProducer, jobs } from "@skyport/queue";
import { testRedis } from "@skyport/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  capturingLogger,
  createHarness,
  KubeStandIn,
  waitFor,
} from "../../../../packages/domain/test/provisioning/support.ts";
import { type InProcessWorker, startProvisioningWorker } from "./in-process-worker.ts";

const harness = await createHarness();
const { url: redisUrl, prefix } = testRedis();
const redis = createRedisConnection(redisUrl, { maxRetriesPerRequest: 1 });
await redis.connect();
const producer = new JobProducer(redis, prefix);
let standIn: KubeStandIn;
let running: InProcessWorker;
const log = capturingLogger();

beforeAll(async () => {
  standIn = await KubeStandIn.start();
  running = await startProvisioningWorker(harness, {
    redisUrl,
    secret: "worker-provisioning-secret-0123456789abcdef",
    readyTimeoutMs: 30_000,
    logger: log.logger,
    options: {
      prefix,
      cluster: { source: "kubeconfig", kubeConfig: standIn.kubeConfig(), server: standIn.url },
      readinessPollMs: 50,
    },
  });
});
afterAll(async () => {
  await running.stop();
  await producer.close();
  redis.disconnect();
  await standIn.stop();
});

const row = (id: string) => harness.db.deployment.findUniqueOrThrow({ where: { id } });

/** What the Deployment controller would do: mark the workloads ready once the reconcile waits. */
async function becomeReady(deployment: { id: string; namespace: string }) {
  await waitFor(
    async () => (await row(deployment.id)).statusReason.includes("to become ready"),
    20_000,
    `${deployment.namespace} to wait for readiness`,
  );
  standIn.setAllReady(deployment.namespace);
  await waitFor(async () => (await row(deployment.id)).status === "HEALTHY", 20_000, "HEALTHY");
}

describe("the provisioning queue", () => {
  it("provisions a deployment from its reconcile job, and one whose job was never enqueued from the drift sweep", async () => {
    const queued = await harness.createDeployment();
    await producer.enqueue(jobs.deploymentReconcile, {
      deploymentId: queued.id,
      generation: 1,
      reason: "create",
    });
    // Created while Redis was unreachable, say: no job. The sweep (every second here) finds it.
    const forgotten = await harness.createDeployment();

    await Promise.all([becomeReady(queued), becomeReady(forgotten)]);
    for (const deployment of [queued, forgotten]) {
      expect(await row(deployment.id)).toMatchObject({ status: "HEALTHY", observedGeneration: 1 });
      expect(standIn.namespaces()).toContain(deployment.namespace);
      expect(await harness.databaseState(deployment.shortId)).toMatchObject({ databases: 1, roles: 1 });
    }
    expect(log.lines.some((l) => l.includes('"provisioning":"cluster http://127.0.0.1:'))).toBe(true);
  });

  it("runs two jobs for one deployment one after the other: the second waits its turn and completes", async () => {
    const deployment = await harness.createDeployment();
    const [first, second] = await Promise.all([
      producer.enqueue(jobs.deploymentReconcile, {
        deploymentId: deployment.id,
        generation: 1,
        reason: "create",
      }),
      producer.enqueue(jobs.deploymentReconcile, {
        deploymentId: deployment.id,
        generation: 1,
        reason: "retry",
        trigger: "console-retry-1",
      }),
    ]);
    await becomeReady(deployment);
    const queue = producer.queue("provisioning");
    await waitFor(
      async () =>
        (await queue.getJobState(first)) === "completed" && (await queue.getJobState(second)) === "completed",
      20_000,
      "both jobs to complete",
    );
    const results = await Promise.all([queue.getJob(first), queue.getJob(second)]);
    expect(results.map((job) => job?.returnvalue.outcome).sort()).toEqual(["healthy", "healthy"]);
    // Waiting for the lock moved a job back to delayed without spending an attempt: each
    // completed at its first attempt, at least one of them after being started more than once.
    expect(results.map((job) => job?.attemptsMade)).toEqual([1, 1]);
    expect(Math.max(...results.map((job) => job?.attemptsStarted ?? 0))).toBeGreaterThan(1);
  });

  it("deletes a deployment from its delete job", async () => {
    const deployment = await harness.createDeployment();
    await producer.enqueue(jobs.deploymentReconcile, {
      deploymentId: deployment.id,
      generation: 1,
      reason: "create",
    });
    await becomeReady(deployment);
    await harness.db.deployment.update({
      where: { id: deployment.id },
      data: { status: "DELETING", generation: 2 },
    });
    await producer.enqueue(jobs.deploymentReconcile, {
      deploymentId: deployment.id,
      generation: 2,
      reason: "delete",
    });
    await waitFor(async () => (await row(deployment.id)).status === "DELETED", 20_000, "DELETED");
    expect(standIn.namespaces()).not.toContain(deployment.namespace);
    expect(await harness.databaseState(deployment.shortId)).toMatchObject({ databases: 0, roles: 0 });
  });
});

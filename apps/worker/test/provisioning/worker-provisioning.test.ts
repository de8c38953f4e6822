// The provisioning queue as the worker runs it (in-process, through Redis and BullMQ) against a
// REAL Kubernetes control plane (see packages/provisioning/test/support/real-cluster.ts): reconcile
// jobs, the drift sweep's schedule, and two jobs for one deployment arriving together.
import { jobs } from "@skyport/queue";
import { describe, expect, it, onTestFinished } from "vitest";
import { waitFor } from "../../../../packages/domain/test/provisioning/support.ts";
import {
  cordonNode,
  realClusterAvailable,
} from "../../../../packages/provisioning/test/support/real-cluster.ts";
import { useRealClusterWorker } from "./in-process-worker.ts";

const { real, harness, producer, log, row, reconcile } = await useRealClusterWorker(
  "worker-provisioning-secret-0123456789abcdef",
);

/** The real Deployment controller and kwok's pods make the workloads ready: wait for HEALTHY. */
async function becomeReady(deployment: { id: string; namespace: string }) {
  await waitFor(async () => (await row(deployment.id)).status === "HEALTHY", 90_000, "HEALTHY").catch(
    async (error: unknown) => {
      throw new Error(`${String(error)}: ${(await row(deployment.id)).statusReason}`);
    },
  );
}

/** Whether the API server has the namespace. */
async function namespaceExists(namespace: string): Promise<boolean> {
  const { status } = await real().cluster.request("GET", `/api/v1/namespaces/${namespace}`);
  return status === 200;
}

// Real rollouts and the namespace controller's cascade take seconds.
describe.skipIf(!realClusterAvailable)("the provisioning queue", { timeout: 180_000 }, () => {
  it("provisions a deployment from its reconcile job, and one whose job was never enqueued from the drift sweep", async () => {
    const queued = await harness.createDeployment();
    await reconcile(queued.id, 1, "create");
    // Created while Redis was unreachable, say: no job. The sweep (every second here) finds it.
    const forgotten = await harness.createDeployment();

    await Promise.all([becomeReady(queued), becomeReady(forgotten)]);
    for (const deployment of [queued, forgotten]) {
      expect(await row(deployment.id)).toMatchObject({ status: "HEALTHY", observedGeneration: 1 });
      expect(await namespaceExists(deployment.namespace)).toBe(true);
      expect(await harness.databaseState(deployment.shortId)).toMatchObject({ databases: 1, roles: 1 });
    }
    expect(log.lines.some((l) => l.includes(`"provisioning":"cluster ${real().cluster.url}`))).toBe(true);
  });

  it("runs two jobs for one deployment one after the other: the second waits its turn and completes", async () => {
    const deployment = await harness.createDeployment();
    // kwok's node cordoned: the first job holds the deployment's lock while its pods stay Pending,
    // until the second job has been started (and found the deployment busy).
    await cordonNode(real().cluster, true);
    onTestFinished(() => cordonNode(real().cluster, false));
    const [first, second] = await Promise.all([
      reconcile(deployment.id, 1, "create"),
      producer.enqueue(jobs.deploymentReconcile, {
        deploymentId: deployment.id,
        generation: 1,
        reason: "retry",
        trigger: "console-retry-1",
      }),
    ]);
    const queue = producer.queue("provisioning");
    await waitFor(
      async () => {
        const started = await Promise.all([queue.getJob(first), queue.getJob(second)]);
        return started.every((job) => (job?.attemptsStarted ?? 0) >= 1);
      },
      60_000,
      "both jobs to start",
    );
    await cordonNode(real().cluster, false);
    await becomeReady(deployment);
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
    await reconcile(deployment.id, 1, "create");
    await becomeReady(deployment);
    await harness.db.deployment.update({
      where: { id: deployment.id },
      data: { status: "DELETING", generation: 2 },
    });
    await reconcile(deployment.id, 2, "delete");
    // The namespace controller's cascade first: DELETED only once the namespace is gone.
    await waitFor(async () => (await row(deployment.id)).status === "DELETED", 90_000, "DELETED");
    expect(await namespaceExists(deployment.namespace)).toBe(false);
    expect(await harness.databaseState(deployment.shortId)).toMatchObject({ databases: 0, roles: 0 });
  });
});

// The provisioning queue as the worker runs it (in-process, BullMQ on Redis), against a REAL
// control plane (see packages/provisioning/test/support/real-cluster.ts): create → HEALTHY with
// pods Ready on kwok's node, a worker queue change rolled out, a hand edit undone by the drift
// sweep, and a delete that waits for the namespace controller's cascade.
import { describe, expect, it } from "vitest";
import { SPEC, storedSpec, waitFor } from "../../../../packages/domain/test/provisioning/support.ts";
import { realClusterAvailable } from "../../../../packages/provisioning/test/support/real-cluster.ts";
import { useRealClusterWorker } from "./in-process-worker.ts";

const { real, harness, row, reconcile } = await useRealClusterWorker(
  "worker-real-cluster-secret-0123456789abcdef",
);

/** What the console does on a change: the row takes the new intent, then a job is enqueued. */
async function change(
  id: string,
  generation: number,
  reason: "update" | "delete",
  data: { spec?: object; status: "UPDATING" | "DELETING" },
) {
  await harness.db.deployment.update({
    where: { id },
    data: { ...data, spec: data.spec as never, generation },
  });
  await reconcile(id, generation, reason);
}

describe.skipIf(!realClusterAvailable)("provisioning against a real API server", () => {
  it("create → HEALTHY, a queue change rolled out, a hand edit undone by the sweep, delete after the cascade", async () => {
    const { cluster } = real();
    const deployment = await harness.createDeployment();
    await reconcile(deployment.id, 1, "create");
    await waitFor(async () => (await row(deployment.id)).status === "HEALTHY", 180_000, "HEALTHY").catch(
      async (error: unknown) => {
        throw new Error(`${String(error)}: ${(await row(deployment.id)).statusReason}`);
      },
    );
    expect(await row(deployment.id)).toMatchObject({ observedGeneration: 1 });
    expect((await row(deployment.id)).statusReason).toMatch(/ready/);
    const pods = await cluster.request<{ items: { status: { phase: string } }[] }>(
      "GET",
      `/api/v1/namespaces/${deployment.namespace}/pods`,
    );
    expect(pods.body.items.some((pod) => pod.status.phase === "Running")).toBe(true);

    // A second worker queue: its Deployment and ScaledObject appear, the rollout completes.
    const spec = storedSpec({
      ...SPEC,
      workerQueues: [
        ...(SPEC.workerQueues ?? []),
        { name: "bulk", workerSize: "M", minWorkers: 1, maxWorkers: 2, workerConcurrency: 4 },
      ],
    });
    await change(deployment.id, 2, "update", { spec, status: "UPDATING" });
    await waitFor(
      async () => {
        const current = await row(deployment.id);
        return current.status === "HEALTHY" && current.observedGeneration === 2;
      },
      180_000,
      "the update to roll out",
    );
    const bulk = await cluster.request(
      "GET",
      `/apis/keda.sh/v1alpha1/namespaces/${deployment.namespace}/scaledobjects/worker-bulk`,
    );
    expect(bulk.status).toBe(200);

    // A hand edit: the sweep finds it (without a write for anything unedited) and undoes it.
    const configPath = `/api/v1/namespaces/${deployment.namespace}/configmaps/airflow-config`;
    const config = (await cluster.request<{ data: Record<string, string> }>("GET", configPath)).body;
    const executor = config.data.AIRFLOW__CORE__EXECUTOR;
    config.data.AIRFLOW__CORE__EXECUTOR = "SequentialExecutor";
    expect((await cluster.request("PUT", configPath, config)).status).toBe(200);
    await waitFor(
      async () =>
        (await cluster.request<{ data: Record<string, string> }>("GET", configPath)).body.data
          .AIRFLOW__CORE__EXECUTOR === executor,
      60_000,
      "the sweep to undo the edit",
    );

    await change(deployment.id, 3, "delete", { status: "DELETING" });
    await waitFor(async () => (await row(deployment.id)).status === "DELETED", 180_000, "DELETED");
    expect((await cluster.request("GET", `/api/v1/namespaces/${deployment.namespace}`)).status).toBe(404);
    expect(await harness.databaseState(deployment.shortId)).toMatchObject({ databases: 0, roles: 0 });
  }, 600_000);
});

// The reconciler end to end through the Kubernetes API stand-in (real @kubernetes/client-node), a
// real Skyport database and the real runtime PostgreSQL server: create → applied → ready →
// HEALTHY; update a worker queue → only its objects re-applied; unchanged → no writes; drift
// repaired; delete → namespace, database and role gone, DELETED.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import {
  createHarness,
  expectedObjectKeys,
  type Harness,
  heldObjects,
  type ReconcileReason,
  SPEC,
  secretData,
  storedSpec,
  useStandInReconciler,
  waitFor,
} from "./support.ts";

const harness: Harness = await createHarness();
const cluster = useStandInReconciler(harness);

const run = (id: string, reason: ReconcileReason) => cluster.fixture.run(id, reason);

const row = harness.deploymentRow;

/** Starts a reconcile, waits until it is waiting for readiness, flips readiness, awaits it. */
async function reconcileUntilReady(id: string, namespace: string, reason: "create" | "update") {
  const running = run(id, reason);
  await waitFor(
    async () => (await row(id)).statusReason.includes("to become ready"),
    15_000,
    "the reconcile to wait for readiness",
  );
  cluster.standIn.setAllReady(namespace);
  return running;
}

async function loginWith(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query("SELECT current_user AS who")).rows[0].who;
  } finally {
    await client.end();
  }
}

const patches = () =>
  cluster.standIn
    .writes()
    .filter((w) => w.method === "PATCH")
    .map((w) => w.path.split("/").slice(-2).join("/"));

describe("one deployment's life", () => {
  let deployment: { id: string; namespace: string; shortId: string };
  let fernetKey = "";

  it("create: applies every object, creates the metadata database, and turns HEALTHY once ready", async () => {
    deployment = await harness.createDeployment();
    const { id, namespace, shortId } = deployment;
    const running = run(id, "create");
    await waitFor(async () => (await row(id)).statusReason.includes("to become ready"), 15_000, "waiting");

    const during = await row(id);
    expect(during.status).toBe("DEPLOYING");
    expect(during.statusReason).toMatch(/^Waiting for .*scheduler.* to become ready \(\d+\/9\)$/);
    expect(during.observedGeneration).toBe(0);
    expect(cluster.standIn.namespaces()).toContain(namespace);
    expect(heldObjects(cluster.standIn, namespace)).toEqual(
      expectedObjectKeys(deployment, harness, storedSpec()).filter((key) => !key.startsWith("Namespace/")),
    );
    expect(await harness.databaseState(shortId)).toMatchObject({ databases: 1, roles: 1 });

    // The Secret's connection URL names this deployment's role and logs in with its password.
    const connection = secretData(cluster.standIn, namespace, "airflow-metadata-db").connection ?? "";
    expect(new URL(connection).username).toBe(`skyport_rt_${shortId}`);
    expect(await loginWith(connection)).toBe(`skyport_rt_${shortId}`);
    fernetKey = secretData(cluster.standIn, namespace, "airflow-fernet-key")["fernet-key"] ?? "";
    expect(fernetKey).toMatch(/^[A-Za-z0-9_-]{43}=$/);

    cluster.standIn.setAllReady(namespace);
    expect(await running).toMatchObject({ outcome: "healthy", generation: 1, pruned: 0 });
    expect(await row(id)).toMatchObject({
      status: "HEALTHY",
      statusReason: "All 9 workloads ready",
      observedGeneration: 1,
      generation: 1,
    });
    // Nothing secret reaches the logs.
    const logs = cluster.fixture.lines.join("");
    expect(logs).toContain('"msg":"deployment reconciled"');
    expect(logs).not.toContain(fernetKey);
    expect(logs).not.toContain(new URL(connection).password);
  });

  it("update a worker queue: re-applies only that queue's objects, keeps the secrets, observes generation 2", async () => {
    const { id, namespace, shortId } = deployment;
    const verifier = (await harness.databaseState(shortId)).verifier;
    await harness.db.deployment.update({
      where: { id },
      data: {
        spec: storedSpec({
          ...SPEC,
          workerQueues: [
            { name: "default", workerSize: "S", minWorkers: 1, maxWorkers: 3, workerConcurrency: 8 },
            { name: "heavy", workerSize: "M", minWorkers: 0, maxWorkers: 2, workerConcurrency: 6 },
          ],
        }) as never,
        generation: 2,
        status: "UPDATING",
      },
    });
    cluster.standIn.clearLog();
    expect(await reconcileUntilReady(id, namespace, "update")).toMatchObject({
      outcome: "healthy",
      generation: 2,
      applied: 3,
    });
    // The namespace carries the generation (an annotation); otherwise only the queue's objects.
    expect(patches()).toEqual([
      `namespaces/${namespace}`,
      "deployments/worker-heavy",
      "scaledobjects/worker-heavy",
    ]);
    expect(cluster.standIn.writes().filter((w) => w.method !== "PATCH")).toEqual([]);
    expect(secretData(cluster.standIn, namespace, "airflow-fernet-key")["fernet-key"]).toBe(fernetKey);
    expect((await harness.databaseState(shortId)).verifier).toBe(verifier);
    expect(await row(id)).toMatchObject({ status: "HEALTHY", observedGeneration: 2 });
  });

  it("reconciling the unchanged deployment makes no write calls and leaves the row alone", async () => {
    const { id } = deployment;
    const before = await row(id);
    cluster.standIn.clearLog();
    expect(await run(id, "update")).toMatchObject({ outcome: "healthy", applied: 0, pruned: 0 });
    expect(cluster.standIn.writes()).toEqual([]);
    expect(cluster.standIn.requests.length).toBeGreaterThan(0);
    expect(cluster.standIn.requests.every((r) => r.method === "GET")).toBe(true);
    expect((await row(id)).updatedAt).toEqual(before.updatedAt);
  });

  it("removing a worker queue prunes its objects", async () => {
    const { id, namespace } = deployment;
    await harness.db.deployment.update({
      where: { id },
      data: {
        spec: storedSpec({ ...SPEC, workerQueues: [SPEC.workerQueues?.[0] ?? { name: "default" }] }) as never,
        generation: 3,
        status: "UPDATING",
      },
    });
    cluster.standIn.clearLog();
    expect(await run(id, "update")).toMatchObject({ outcome: "healthy", pruned: 2 });
    expect(
      cluster.standIn
        .writes()
        .filter((w) => w.method === "DELETE")
        .map((w) => w.path.split("/").slice(-2).join("/")),
    ).toEqual(["scaledobjects/worker-heavy", "deployments/worker-heavy"]);
    expect(heldObjects(cluster.standIn, namespace)).not.toContain("Deployment/worker-heavy");
    expect(await row(id)).toMatchObject({ status: "HEALTHY", observedGeneration: 3 });
  });

  it("a drift check restores an edited ConfigMap and a deleted Service, quietly", async () => {
    const { id, namespace } = deployment;
    const before = await row(id);
    expect(
      await cluster.standIn.editConfigMapByHand(namespace, "airflow-config", {
        AIRFLOW__CORE__EXECUTOR: "LocalExecutor",
      }),
    ).toBe(200);
    const removed = await fetch(
      `${cluster.standIn.url}/api/v1/namespaces/${namespace}/services/statsd-exporter`,
      {
        method: "DELETE",
        headers: { authorization: `Bearer ${cluster.standIn.token}` },
      },
    );
    expect(removed.status).toBe(200);

    expect(await run(id, "drift")).toMatchObject({ outcome: "healthy" });
    const config = cluster.standIn.get("v1", "ConfigMap", namespace, "airflow-config")?.data as Record<
      string,
      string
    >;
    expect(config.AIRFLOW__CORE__EXECUTOR).toBe("CeleryExecutor");
    expect(cluster.standIn.get("v1", "Service", namespace, "statsd-exporter")).toBeDefined();
    expect((await row(id)).updatedAt).toEqual(before.updatedAt);
  });

  it("delete: removes the namespace, the database and the role, then marks it DELETED", async () => {
    const { id, namespace, shortId } = deployment;
    await harness.db.deployment.update({
      where: { id },
      data: {
        status: "DELETING",
        generation: 4,
        statusReason: "Waiting for the provisioner to remove the runtime.",
      },
    });
    expect(await run(id, "delete")).toEqual({ outcome: "deleted" });
    expect(cluster.standIn.namespaces()).not.toContain(namespace);
    expect(cluster.standIn.objectsIn(namespace)).toEqual([]);
    expect(await harness.databaseState(shortId)).toMatchObject({ databases: 0, roles: 0 });
    const deleted = await row(id);
    expect(deleted).toMatchObject({ status: "DELETED", statusReason: "Deleted", observedGeneration: 4 });
    expect(deleted.deletedAt).toBeInstanceOf(Date);

    cluster.standIn.clearLog();
    expect(await run(id, "delete")).toEqual({ outcome: "already-deleted" });
    expect(cluster.standIn.requests).toEqual([]);
  });
});

describe("after a crash", () => {
  it("a role whose password no Secret holds gets a new one, which the Secret then carries", async () => {
    // Short ids may start with a digit (skyport-0…): the namespace and role names still work.
    const deployment = await harness.createDeployment({
      shortId: `0${randomBytes(4).toString("hex").slice(0, 7)}`,
    });
    // A run that created the role, then died before the Secret was applied.
    const { ensureMetadataDatabase } = await import("@skyport/provisioning");
    await ensureMetadataDatabase(harness.runtimeAdmin, { deploymentShortId: deployment.shortId });
    const orphaned = (await harness.databaseState(deployment.shortId)).verifier;

    expect(await reconcileUntilReady(deployment.id, deployment.namespace, "create")).toMatchObject({
      outcome: "healthy",
    });
    const state = await harness.databaseState(deployment.shortId);
    expect(state).toMatchObject({ databases: 1, roles: 1 });
    expect(state.verifier).not.toBe(orphaned);
    const connection =
      secretData(cluster.standIn, deployment.namespace, "airflow-metadata-db").connection ?? "";
    expect(await loginWith(connection)).toBe(`skyport_rt_${deployment.shortId}`);
  });

  it("an apply interrupted part-way resumes where it stopped and reuses the secrets already applied", async () => {
    const deployment = await harness.createDeployment();
    // The API server fails the ConfigMap: the namespace, policies and Secrets are in, the rest not.
    cluster.standIn.failRequests({
      method: "PATCH",
      path: "/configmaps/airflow-config",
      status: 503,
      reason: "ServiceUnavailable",
      message: "etcdserver: request timed out",
      times: 1,
    });
    await expect(run(deployment.id, "create")).rejects.toThrow(/503 ServiceUnavailable/);
    expect(await row(deployment.id)).toMatchObject({
      status: "DEPLOYING",
      statusReason: expect.stringMatching(/^Retrying after: Kubernetes API: apply v1\/ConfigMap\/.*503/),
    });
    const fernet = secretData(cluster.standIn, deployment.namespace, "airflow-fernet-key")["fernet-key"];
    expect(fernet).toBeDefined();

    cluster.standIn.clearLog();
    expect(await reconcileUntilReady(deployment.id, deployment.namespace, "create")).toMatchObject({
      outcome: "healthy",
    });
    // The Secrets written before the failure were not rewritten.
    expect(patches().filter((p) => p.startsWith("secrets/"))).toEqual([]);
    expect(secretData(cluster.standIn, deployment.namespace, "airflow-fernet-key")["fernet-key"]).toBe(
      fernet,
    );
    expect(cluster.standIn.namespaces().filter((n) => n === deployment.namespace)).toHaveLength(1);
  });
});

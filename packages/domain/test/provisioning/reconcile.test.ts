// The reconciler end to end against a REAL Kubernetes control plane (kube-apiserver with its
// default admission and RBAC, the controllers, kwok's node: see
// packages/provisioning/test/support/real-cluster.ts), a real Skyport database and the real
// runtime PostgreSQL server: create → applied → ready → HEALTHY; update a worker queue → only its
// objects re-applied; unchanged → no writes (counted in the API server's audit log); drift
// repaired; delete → the namespace controller's cascade, database and role gone, DELETED.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  cordonNode,
  heldObjectsIn,
  realClusterAvailable,
  secretDataIn,
  writtenPathsSince,
} from "../../../provisioning/test/support/real-cluster.ts";
import {
  createHarness,
  expectedObjectKeys,
  type Harness,
  type ReconcileReason,
  SPEC,
  storedSpec,
  useRealReconciler,
  waitFor,
} from "./support.ts";

const harness: Harness = await createHarness();
const cluster = useRealReconciler(harness);
const { real } = cluster;

const run = (id: string, reason: ReconcileReason) => cluster.fixture.run(id, reason);

const row = harness.deploymentRow;

/** Skyport's requests so far (an index for writtenPathsSince). */
const mark = () => real().cluster.requestsBySkyport().length;

async function loginWith(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query("SELECT current_user AS who")).rows[0].who;
  } finally {
    await client.end();
  }
}

/** Decoded data of a Secret in the API server. */
const secret = (namespace: string, name: string) => secretDataIn(real().cluster, namespace, name);

// Real rollouts take seconds (kwok's pods, the Deployment controller): a minute a test.
const slow = { timeout: 120_000 };

describe.skipIf(!realClusterAvailable)("one deployment's life", slow, () => {
  let deployment: { id: string; namespace: string; shortId: string };
  let fernetKey = "";

  it("create: applies every object, creates the metadata database, and turns HEALTHY once ready", async () => {
    deployment = await harness.createDeployment();
    const { id, namespace, shortId } = deployment;
    // kwok's node cordoned: the pods stay Pending, so the reconcile waits for readiness until
    // the node is schedulable again.
    await cordonNode(real().cluster, true);
    onTestFinished(() => cordonNode(real().cluster, false));
    const running = run(id, "create");
    await waitFor(async () => (await row(id)).statusReason.includes("to become ready"), 60_000, "waiting");

    const during = await row(id);
    expect(during.status).toBe("DEPLOYING");
    expect(during.statusReason).toMatch(/^Waiting for .*scheduler.* to become ready \(\d+\/9\)$/);
    expect(during.observedGeneration).toBe(0);
    expect((await real().cluster.request("GET", `/api/v1/namespaces/${namespace}`)).status).toBe(200);
    expect(await heldObjectsIn(real().cluster, namespace)).toEqual(
      expectedObjectKeys(deployment, harness, storedSpec()).filter((key) => !key.startsWith("Namespace/")),
    );
    expect(await harness.databaseState(shortId)).toMatchObject({ databases: 1, roles: 1 });

    // The Secret's connection URL names this deployment's role and logs in with its password.
    const connection = (await secret(namespace, "airflow-metadata-db")).connection ?? "";
    expect(new URL(connection).username).toBe(`skyport_rt_${shortId}`);
    expect(await loginWith(connection)).toBe(`skyport_rt_${shortId}`);
    fernetKey = (await secret(namespace, "airflow-fernet-key"))["fernet-key"] ?? "";
    expect(fernetKey).toMatch(/^[A-Za-z0-9_-]{43}=$/);

    await cordonNode(real().cluster, false);
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
    const from = mark();
    expect(await run(id, "update")).toMatchObject({
      outcome: "healthy",
      generation: 2,
      applied: 3,
    });
    // The namespace carries the generation (an annotation); otherwise only the queue's objects.
    expect(writtenPathsSince(real().cluster, from)).toEqual([
      `namespaces/${namespace}`,
      "deployments/worker-heavy",
      "scaledobjects/worker-heavy",
    ]);
    expect(writtenPathsSince(real().cluster, from, "patch")).toHaveLength(3);
    expect((await secret(namespace, "airflow-fernet-key"))["fernet-key"]).toBe(fernetKey);
    expect((await harness.databaseState(shortId)).verifier).toBe(verifier);
    expect(await row(id)).toMatchObject({ status: "HEALTHY", observedGeneration: 2 });
  });

  it("reconciling the unchanged deployment makes no write calls and leaves the row alone", async () => {
    const { id } = deployment;
    const before = await row(id);
    const from = mark();
    expect(await run(id, "update")).toMatchObject({ outcome: "healthy", applied: 0, pruned: 0 });
    const requests = real().cluster.requestsBySkyport().slice(from);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => !["get", "list"].includes(r.verb))).toEqual([]);
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
    const from = mark();
    expect(await run(id, "update")).toMatchObject({ outcome: "healthy", pruned: 2 });
    expect(writtenPathsSince(real().cluster, from, "delete")).toEqual([
      "scaledobjects/worker-heavy",
      "deployments/worker-heavy",
    ]);
    const held = await heldObjectsIn(real().cluster, namespace);
    expect(held).toContain("Deployment/worker-default");
    expect(held).not.toContain("Deployment/worker-heavy");
    expect(held).not.toContain("ScaledObject/worker-heavy");
    expect(await row(id)).toMatchObject({ status: "HEALTHY", observedGeneration: 3 });
  });

  it("a drift check restores an edited ConfigMap and a deleted Service, quietly", async () => {
    const { id, namespace } = deployment;
    const before = await row(id);
    // By hand, as a cluster administrator: an edited ConfigMap, a deleted Service.
    const { cluster: api } = real();
    const configPath = `/api/v1/namespaces/${namespace}/configmaps/airflow-config`;
    const edited = (await api.request<{ data: Record<string, string> }>("GET", configPath)).body;
    edited.data.AIRFLOW__CORE__EXECUTOR = "LocalExecutor";
    expect((await api.request("PUT", configPath, edited)).status).toBe(200);
    const servicePath = `/api/v1/namespaces/${namespace}/services/statsd-exporter`;
    expect((await api.request("DELETE", servicePath)).status).toBe(200);

    const from = mark();
    expect(await run(id, "drift")).toMatchObject({ outcome: "healthy" });
    const config = (await api.request<{ data: Record<string, string> }>("GET", configPath)).body;
    expect(config.data.AIRFLOW__CORE__EXECUTOR).toBe("CeleryExecutor");
    expect((await api.request("GET", servicePath)).status).toBe(200);
    // Exactly the two objects touched by hand are written back.
    expect(writtenPathsSince(api, from).sort()).toEqual([
      "configmaps/airflow-config",
      "services/statsd-exporter",
    ]);
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
    // The reconciler waited for the namespace controller's cascade: the namespace is gone.
    expect((await real().cluster.request("GET", `/api/v1/namespaces/${namespace}`)).status).toBe(404);
    expect(await heldObjectsIn(real().cluster, namespace)).toEqual([]);
    expect(await harness.databaseState(shortId)).toMatchObject({ databases: 0, roles: 0 });
    const deleted = await row(id);
    expect(deleted).toMatchObject({ status: "DELETED", statusReason: "Deleted", observedGeneration: 4 });
    expect(deleted.deletedAt).toBeInstanceOf(Date);

    const from = mark();
    expect(await run(id, "delete")).toEqual({ outcome: "already-deleted" });
    expect(real().cluster.requestsBySkyport().slice(from)).toEqual([]);
  });
});

describe.skipIf(!realClusterAvailable)("after a crash", slow, () => {
  it("a role whose password no Secret holds gets a new one, which the Secret then carries", async () => {
    // Short ids may start with a digit (skyport-0…): the namespace and role names still work.
    const deployment = await harness.createDeployment({
      shortId: `0${randomBytes(4).toString("hex").slice(0, 7)}`,
    });
    // A run that created the role, then died before the Secret was applied.
    const { ensureMetadataDatabase } = await import("@skyport/provisioning");
    await ensureMetadataDatabase(harness.runtimeAdmin, { deploymentShortId: deployment.shortId });
    const orphaned = (await harness.databaseState(deployment.shortId)).verifier;

    expect(await run(deployment.id, "create")).toMatchObject({ outcome: "healthy" });
    const state = await harness.databaseState(deployment.shortId);
    expect(state).toMatchObject({ databases: 1, roles: 1 });
    expect(state.verifier).not.toBe(orphaned);
    const connection = (await secret(deployment.namespace, "airflow-metadata-db")).connection ?? "";
    expect(await loginWith(connection)).toBe(`skyport_rt_${deployment.shortId}`);
  });
});

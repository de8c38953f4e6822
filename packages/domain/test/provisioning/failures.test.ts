// How the reconciler reports what goes wrong: readiness timeouts (UNHEALTHY, naming the
// components), API rejections (FAILED), transient errors (rethrown for a retry, the reason saying
// so), invalid specs and settings, runs overtaken by a newer change, and runs that overlap.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createHarness,
  createReconciler,
  type Harness,
  type ReconcilerFixture,
  secretData,
  storedSpec,
  useStandInReconciler,
  waitFor,
} from "./support.ts";

const harness: Harness = await createHarness();
const cluster = useStandInReconciler(harness, { readyTimeoutMs: 1_500 });

const run = (
  id: string,
  reason: "create" | "update" | "delete" | "drift" | "retry",
  finalAttempt = false,
  reconciler = cluster.fixture.reconciler,
) => reconciler.reconcile(id, { reason, finalAttempt });

const row = harness.deploymentRow;

// A long readiness timeout: an overtaken run must notice at once, not when its wait ends; a run
// that waits for readiness must not time out before the test flips it.
let patient: ReconcilerFixture;
beforeAll(() => {
  patient = createReconciler(harness, { standIn: cluster.standIn, settings: { readyTimeoutMs: 60_000 } });
});
afterAll(() => patient.close());
const go = (id: string, reason: "create" | "update" | "delete" | "retry") =>
  run(id, reason, false, patient.reconciler);

/** Until the deployment's run waits for its workloads to become ready. */
const readinessWait = (id: string) =>
  waitFor(async () => (await row(id)).statusReason.includes("to become ready"));

/** A new deployment whose patient create run now waits for readiness, and that run. */
async function createWaitingForReadiness() {
  const deployment = await harness.createDeployment();
  const first = go(deployment.id, "create");
  await readinessWait(deployment.id);
  return { deployment, first };
}

describe("readiness", () => {
  it("times out as UNHEALTHY naming the components that are not ready, and a later check finds it HEALTHY", async () => {
    const deployment = await harness.createDeployment();
    const started = Date.now();
    expect(await run(deployment.id, "create")).toMatchObject({ outcome: "unhealthy", generation: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    const unhealthy = await row(deployment.id);
    expect(unhealthy.status).toBe("UNHEALTHY");
    expect(unhealthy.observedGeneration).toBe(1);
    expect(unhealthy.statusReason).toMatch(/^Not ready after 1\.5 seconds: /);
    for (const component of [
      "scheduler (0/1)",
      "api-server (0/1)",
      "triggerer (0/1)",
      "dag-processor (0/1)",
    ]) {
      expect(unhealthy.statusReason).toContain(component);
    }

    // The workloads come up later; the next drift check notices, without waiting.
    cluster.standIn.setAllReady(deployment.namespace);
    expect(await run(deployment.id, "drift")).toMatchObject({ outcome: "healthy" });
    expect(await row(deployment.id)).toMatchObject({
      status: "HEALTHY",
      statusReason: "All 9 workloads ready",
    });
  });
});

describe("errors", () => {
  it.each([
    {
      status: 422,
      reason: "Invalid",
      message: 'ConfigMap "airflow-config" is invalid: data: Too long: must have at most 1048576 bytes',
    },
    // What the real kube-apiserver answers a server-side apply with a field of the wrong type
    // (see packages/provisioning/test/applier.test.ts): a 500 that no retry fixes.
    {
      status: 500,
      reason: "InternalError",
      message:
        "failed to create typed patch object (/v1, Kind=ConfigMap): .data.AIRFLOW__CORE__EXECUTOR: expected string, got &value.valueUnstructured{Value:42}",
    },
  ])(
    "an object the API server rejects ($status $reason) marks the deployment FAILED with the server's reason",
    async (fault) => {
      const deployment = await harness.createDeployment();
      cluster.standIn.failRequests({
        method: "PATCH",
        path: `/namespaces/${deployment.namespace}/configmaps/airflow-config`,
        ...fault,
      });
      try {
        expect(await run(deployment.id, "create")).toMatchObject({ outcome: "failed" });
        const failed = await row(deployment.id);
        expect(failed).toMatchObject({ status: "FAILED", observedGeneration: 0 });
        expect(failed.statusReason).toBe(
          `Kubernetes API: apply v1/ConfigMap/${deployment.namespace}/airflow-config: ${fault.status} ${fault.reason}: ${fault.message}`,
        );

        // The drift sweep tries again without flapping through DEPLOYING: nothing changes, no write.
        const before = await row(deployment.id);
        expect(await run(deployment.id, "drift")).toMatchObject({ outcome: "failed" });
        expect((await row(deployment.id)).updatedAt).toEqual(before.updatedAt);
      } finally {
        cluster.standIn.clearFaults();
      }
      // Once the cause is gone, the sweep's next try gets through.
      expect(await run(deployment.id, "drift")).toMatchObject({ outcome: "unhealthy", generation: 1 });
      expect(await row(deployment.id)).toMatchObject({ status: "UNHEALTHY", observedGeneration: 1 });
    },
  );

  it("a transient API error is rethrown for a retry, the reason says so; the last attempt gives up for now", async () => {
    const deployment = await harness.createDeployment();
    cluster.standIn.failRequests({
      method: "PATCH",
      status: 503,
      reason: "ServiceUnavailable",
      message: "the server is currently unable to handle the request",
    });
    try {
      await expect(run(deployment.id, "create")).rejects.toThrow("503 ServiceUnavailable");
      expect(await row(deployment.id)).toMatchObject({
        status: "DEPLOYING",
        statusReason: `Retrying after: Kubernetes API: apply v1/Namespace//${deployment.namespace}: 503 ServiceUnavailable: the server is currently unable to handle the request`,
      });
      await expect(run(deployment.id, "retry", true)).rejects.toThrow("503");
      const gaveUp = await row(deployment.id);
      expect(gaveUp.status).toBe("UNHEALTHY");
      expect(gaveUp.statusReason).toMatch(
        /^Gave up for now after repeated errors \(the drift sweep tries again\): /,
      );
      expect(gaveUp.observedGeneration).toBe(0);
    } finally {
      cluster.standIn.clearFaults();
    }
  });

  it("keeps secret values out of the reason when the API server quotes them", async () => {
    const deployment = await harness.createDeployment();
    expect(await run(deployment.id, "create")).toMatchObject({ outcome: "unhealthy" });
    const fernetKey =
      secretData(cluster.standIn, deployment.namespace, "airflow-fernet-key")["fernet-key"] ?? "";
    const connection =
      secretData(cluster.standIn, deployment.namespace, "airflow-metadata-db").connection ?? "";
    const password = new URL(connection).password;
    cluster.standIn.failRequests({
      method: "PATCH",
      path: `/namespaces/${deployment.namespace}`,
      status: 422,
      reason: "Invalid",
      message: `Namespace is invalid: metadata.annotations: Invalid value: "${fernetKey}" (from ${connection})`,
      times: 2,
    });
    try {
      // A new generation re-applies the namespace (it carries the generation).
      await harness.db.deployment.update({ where: { id: deployment.id }, data: { generation: 2 } });
      expect(await run(deployment.id, "update")).toMatchObject({ outcome: "failed" });
      const { statusReason } = await row(deployment.id);
      expect(statusReason).toContain('Invalid value: "<redacted>"');
      expect(statusReason).not.toContain(fernetKey);
      expect(statusReason).not.toContain(password);
    } finally {
      cluster.standIn.clearFaults();
    }
  });

  it("an invalid stored spec is FAILED naming the field", async () => {
    const deployment = await harness.createDeployment({
      spec: { ...storedSpec(), schedulerSize: "XXL" },
    });
    expect(await run(deployment.id, "create")).toMatchObject({ outcome: "failed" });
    expect(await row(deployment.id)).toMatchObject({
      status: "FAILED",
      statusReason: "Invalid spec: schedulerSize must be one of S, M, L",
    });
    expect(cluster.standIn.namespaces()).not.toContain(deployment.namespace);
  });

  it("a runtime database host that is a name, without an address range, is FAILED naming the setting", async () => {
    const misconfigured = createReconciler(harness, {
      standIn: cluster.standIn,
      settings: { runtimeDatabase: { host: "db.internal.example", port: 5432 } },
    });
    try {
      const deployment = await harness.createDeployment();
      expect(await run(deployment.id, "create", false, misconfigured.reconciler)).toMatchObject({
        outcome: "failed",
      });
      const failed = await row(deployment.id);
      expect(failed.status).toBe("FAILED");
      expect(failed.statusReason).toContain(
        "runtimeDatabase.cidr is required because host db.internal.example is a name",
      );
      expect(failed.statusReason).toContain("RUNTIME_DATABASE_CIDR");
    } finally {
      await misconfigured.close();
    }
  });
});

describe("overlapping and superseded runs", () => {
  it("a second reconcile of the same deployment while one runs is told the deployment is busy", async () => {
    const { deployment, first } = await createWaitingForReadiness();
    expect(await go(deployment.id, "retry")).toEqual({ outcome: "busy" });
    cluster.standIn.setAllReady(deployment.namespace);
    expect(await first).toMatchObject({ outcome: "healthy" });
    // Once it finished, the lock is free again.
    expect(await go(deployment.id, "retry")).toMatchObject({ outcome: "healthy" });
  });

  it("an update arriving mid-run stops the older run without overwriting the newer intent", async () => {
    const { deployment, first } = await createWaitingForReadiness();
    await harness.db.deployment.update({
      where: { id: deployment.id },
      data: {
        generation: 2,
        status: "CREATING",
        statusReason: "Waiting for the provisioner to apply generation 2.",
      },
    });
    const overtaken = Date.now();
    expect(await first).toEqual({ outcome: "superseded" });
    expect(Date.now() - overtaken).toBeLessThan(5_000);
    expect(await row(deployment.id)).toMatchObject({
      status: "CREATING",
      statusReason: "Waiting for the provisioner to apply generation 2.",
      observedGeneration: 0,
    });
    const second = go(deployment.id, "update");
    await readinessWait(deployment.id);
    cluster.standIn.setAllReady(deployment.namespace);
    expect(await second).toMatchObject({ outcome: "healthy", generation: 2 });
    expect(await row(deployment.id)).toMatchObject({ status: "HEALTHY", observedGeneration: 2 });
  });

  it("a delete requested mid-run wins: the run stops, the deletion job removes everything", async () => {
    const { deployment, first } = await createWaitingForReadiness();
    await harness.db.deployment.update({
      where: { id: deployment.id },
      data: { generation: 2, status: "DELETING" },
    });
    const overtaken = Date.now();
    expect(await first).toEqual({ outcome: "superseded" });
    expect(Date.now() - overtaken).toBeLessThan(5_000);
    expect((await row(deployment.id)).status).toBe("DELETING");
    expect(await go(deployment.id, "delete")).toEqual({ outcome: "deleted" });
    expect(cluster.standIn.namespaces()).not.toContain(deployment.namespace);
    expect(await harness.databaseState(deployment.shortId)).toMatchObject({ databases: 0, roles: 0 });
  });

  it("a deployment that does not exist is a no-op", async () => {
    expect(await go("cm_no_such_deployment", "create")).toEqual({ outcome: "gone" });
  });
});

// A fault only the stand-in can produce on demand: a real API server answers 503 for an overloaded
// etcd, not for one chosen object. (Moved from reconcile.test.ts, which runs on a real server.)
describe("after an interrupted apply", () => {
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
    await expect(go(deployment.id, "create")).rejects.toThrow(/503 ServiceUnavailable/);
    expect(await row(deployment.id)).toMatchObject({
      status: "DEPLOYING",
      statusReason: expect.stringMatching(/^Retrying after: Kubernetes API: apply v1\/ConfigMap\/.*503/),
    });
    const fernet = secretData(cluster.standIn, deployment.namespace, "airflow-fernet-key")["fernet-key"];
    expect(fernet).toBeDefined();

    cluster.standIn.clearLog();
    const resumed = go(deployment.id, "create");
    await readinessWait(deployment.id);
    cluster.standIn.setAllReady(deployment.namespace);
    expect(await resumed).toMatchObject({ outcome: "healthy" });
    // The Secrets written before the failure were not rewritten.
    const patched = cluster.standIn
      .writes()
      .filter((w) => w.method === "PATCH")
      .map((w) => w.path.split("/").slice(-2).join("/"));
    expect(patched).toContain("configmaps/airflow-config");
    expect(patched.filter((p) => p.startsWith("secrets/"))).toEqual([]);
    expect(secretData(cluster.standIn, deployment.namespace, "airflow-fernet-key")["fernet-key"]).toBe(
      fernet,
    );
    expect(cluster.standIn.namespaces().filter((n) => n === deployment.namespace)).toHaveLength(1);
  });
});

// The customer environment reaching a runtime: objects written through the domain functions
// (sealed), reconciled against a REAL Kubernetes control plane (see
// packages/provisioning/test/support/real-cluster.ts), arrive in the airflow-environment
// Secret with their real values; a value change re-applies the Secret and rolls the pods (new
// checksum), an unchanged reconcile writes nothing, a deletion removes the key, and render-only
// manifests carry names with every value redacted.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  createAirflowConnection,
  createAirflowVariable,
  createEnvironmentVariable,
  createSecretBox,
  deleteEnvironmentVariable,
  EMPTY_CONTEXT,
  type EnvironmentServices,
  type MutationContext,
  parseKeyring,
  SYSTEM_ACTOR,
  updateEnvironmentVariable,
} from "@skyport/domain";
import { ENVIRONMENT_CHECKSUM } from "@skyport/provisioning";
import { createRedisConnection, JobProducer } from "@skyport/queue";
import { testRedis } from "@skyport/testing";
import { afterAll, describe, expect, it } from "vitest";
import {
  cordonNode,
  liveObjectsIn,
  podAnnotationsIn,
  realClusterAvailable,
  secretDataIn,
  writtenPathsSince,
} from "../../../provisioning/test/support/real-cluster.ts";
import {
  createHarness,
  createReconciler,
  type Harness,
  TEST_KEK,
  useRealReconciler,
  waitFor,
} from "./support.ts";

const harness: Harness = await createHarness();
const { url: redisUrl, prefix } = testRedis();
const redis = createRedisConnection(redisUrl, { maxRetriesPerRequest: 1 });
await redis.connect();
const producer = new JobProducer(redis, prefix);
// The same keyring as the reconciler's: what the domain seals, the worker opens.
const services: EnvironmentServices = {
  secrets: createSecretBox({ keyring: parseKeyring(TEST_KEK) }),
  jobs: producer,
};
const ctx: MutationContext = { db: harness.db, actor: SYSTEM_ACTOR, context: EMPTY_CONTEXT };

const cluster = useRealReconciler(harness);
afterAll(async () => {
  await producer.close();
  redis.disconnect();
});

const run = (id: string, reason: "create" | "update") => cluster.fixture.run(id, reason);
const row = harness.deploymentRow;

const api = () => cluster.real().cluster;

/** Environment checksum annotation of each Airflow Deployment in the API server. */
function checksums(namespace: string): Promise<Record<string, string>> {
  return podAnnotationsIn(api(), namespace, ENVIRONMENT_CHECKSUM);
}

async function envFromOf(namespace: string, name: string): Promise<unknown> {
  const { body } = await api().request<{
    spec: { template: { spec: { containers: { envFrom?: unknown }[] } } };
  }>("GET", `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`);
  return body.spec.template.spec.containers[0]?.envFrom;
}

const secretData = (namespace: string, name: string) => secretDataIn(api(), namespace, name);

/** Skyport's requests so far (an index for the paths it applied since). */
const mark = () => api().requestsBySkyport().length;
const appliedPaths = (from: number) => writtenPathsSince(api(), from, "patch");

// Real rollouts take seconds (kwok's pods, the Deployment controller).
const slow = { timeout: 120_000 };

describe.skipIf(!realClusterAvailable)("delivering the environment to a cluster", slow, () => {
  let deployment: { id: string; namespace: string; shortId: string };
  const token = `tok-${Math.random().toString(36).slice(2)}-Zürich`;
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  let before: Record<string, string> = {};

  it("applies the Secret with the real values and points every Airflow container at it", async () => {
    deployment = await harness.createDeployment();
    const { id, namespace } = deployment;
    const own = {
      owner: { kind: "deployment" as const, organizationId: harness.organizationId, deploymentId: id },
    };
    await createEnvironmentVariable(
      ctx,
      { ...own, key: "API_TOKEN", value: token, isSecret: true },
      services,
    );
    await createAirflowConnection(
      ctx,
      { ...own, connectionId: "warehouse", uri: `postgres://etl:${password}@db.example.com:5432/analytics` },
      services,
    );
    await createAirflowVariable(ctx, { ...own, key: "threshold", value: "42" }, services);
    await createEnvironmentVariable(
      ctx,
      {
        owner: {
          kind: "workspace",
          organizationId: harness.organizationId,
          workspaceId: harness.workspaceId,
        },
        key: "COMPANY",
        value: "acme",
        linkAllDeployments: true,
      },
      services,
    );

    expect(await run(id, "create")).toMatchObject({ outcome: "healthy" });

    expect(await secretData(namespace, "airflow-environment")).toEqual({
      API_TOKEN: token,
      COMPANY: "acme",
      AIRFLOW_CONN_WAREHOUSE: `postgres://etl:${password}@db.example.com:5432/analytics`,
      AIRFLOW_VAR_THRESHOLD: "42",
    });
    for (const name of [
      "scheduler",
      "api-server",
      "triggerer",
      "dag-processor",
      "worker-default",
      "worker-heavy",
    ]) {
      expect(await envFromOf(namespace, name), name).toEqual([
        { configMapRef: { name: "airflow-config" } },
        { secretRef: { name: "airflow-environment" } },
      ]);
    }
    before = await checksums(namespace);
    expect(Object.keys(before)).toHaveLength(6);
    // No value in the logs, the status, or any object but the Secret.
    const elsewhere = JSON.stringify([
      cluster.fixture.lines,
      await row(id),
      (await liveObjectsIn(api(), namespace)).filter((o) => o.metadata.name !== "airflow-environment"),
    ]);
    expect(elsewhere).not.toContain(token);
    expect(elsewhere).not.toContain(password);
  });

  it("writes nothing when nothing changed", async () => {
    const from = mark();
    expect(await run(deployment.id, "update")).toMatchObject({ outcome: "healthy", applied: 0 });
    expect(writtenPathsSince(api(), from)).toEqual([]);
  });

  it("re-applies the Secret and rolls the pods when a value changes", async () => {
    const { id, namespace } = deployment;
    const newToken = `tok-${Math.random().toString(36).slice(2)}`;
    const changed = await updateEnvironmentVariable(
      ctx,
      {
        owner: { kind: "deployment", organizationId: harness.organizationId, deploymentId: id },
        key: "API_TOKEN",
        value: newToken,
      },
      services,
    );
    expect(changed.affectedDeploymentIds).toEqual([id]);
    const from = mark();
    // A converged deployment gets a quiet reconcile: it stays HEALTHY while the pods roll (held
    // Pending on a cordoned node here), and waits for the rollout before it reports.
    await cordonNode(api(), true);
    const running = run(id, "update");
    try {
      await waitFor(
        async () => {
          const now = await checksums(namespace);
          return Object.keys(before).every((name) => now[name] && now[name] !== before[name]);
        },
        60_000,
        "every Airflow Deployment to get the new checksum",
      );

      expect((await row(id)).status).toBe("HEALTHY");
    } finally {
      await cordonNode(api(), false);
    }
    expect(await running).toMatchObject({ outcome: "healthy" });
    expect((await row(id)).status).toBe("HEALTHY");
    expect((await secretData(namespace, "airflow-environment")).API_TOKEN).toBe(newToken);
    expect(appliedPaths(from).sort()).toEqual(
      [
        "deployments/api-server",
        "deployments/dag-processor",
        "deployments/scheduler",
        "deployments/triggerer",
        "deployments/worker-default",
        "deployments/worker-heavy",
        "secrets/airflow-environment",
      ].sort(),
    );
    const after = await checksums(namespace);
    for (const name of Object.keys(before)) expect(after[name], name).not.toBe(before[name]);
  });

  it("removes a deleted variable from the Secret", async () => {
    const { id, namespace } = deployment;
    await deleteEnvironmentVariable(
      ctx,
      {
        owner: { kind: "deployment", organizationId: harness.organizationId, deploymentId: id },
        key: "API_TOKEN",
      },
      services,
    );
    const from = mark();
    expect(await run(id, "update")).toMatchObject({ outcome: "healthy" });
    // The Secret and the six Airflow Deployments re-applied: the pods roll to drop it.
    expect(appliedPaths(from)).toHaveLength(7);
    const data = await secretData(namespace, "airflow-environment");
    expect(Object.keys(data).sort()).toEqual(["AIRFLOW_CONN_WAREHOUSE", "AIRFLOW_VAR_THRESHOLD", "COMPANY"]);
  });
});

describe("render-only manifests", () => {
  it("list every name with a redacted value, and never open or write a value", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "skyport-env-render-"));
    const renderOnly = createReconciler(harness, {
      manifestsDir: root,
      settings: { cwd: root },
    });
    try {
      const deployment = await harness.createDeployment();
      const secret = `render-${Math.random().toString(36).slice(2)}-secret`;
      await createEnvironmentVariable(
        ctx,
        {
          owner: { kind: "deployment", organizationId: harness.organizationId, deploymentId: deployment.id },
          key: "RENDERED",
          value: secret,
        },
        services,
      );
      expect(
        await renderOnly.reconciler.reconcile(deployment.id, { reason: "create", finalAttempt: false }),
      ).toMatchObject({
        outcome: "rendered",
      });
      const dir = path.join(root, deployment.namespace);
      const files = await readdir(dir);
      const contents = (await Promise.all(files.map((file) => readFile(path.join(dir, file), "utf8")))).join(
        "\n",
      );
      const secretFile = await readFile(path.join(dir, "07-secret-airflow-environment.yaml"), "utf8");
      expect(secretFile).toContain("RENDERED: <redacted>");
      expect(secretFile).toContain("COMPANY: <redacted>");
      expect(contents).not.toContain(secret);
      expect(contents).not.toContain("acme");
    } finally {
      await renderOnly.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});

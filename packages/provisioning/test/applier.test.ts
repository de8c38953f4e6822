// KubernetesApplier against the Kubernetes API stand-in, through the real @kubernetes/client-node.

import type { DeploymentSpecInput } from "@skyport/deployment-spec";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  APPLIED_HASH,
  type KubeObject,
  KubernetesApiError,
  KubernetesApplier,
  objectKey,
  renderDeployment,
} from "../src/index.ts";
import { renderInput } from "./support/fixtures.ts";
import { KubeStandIn } from "./support/kube-stand-in.ts";

const NAMESPACE = "skyport-abc123";

let standIn: KubeStandIn;
let applier: KubernetesApplier;

beforeEach(async () => {
  standIn = await KubeStandIn.start();
  applier = new KubernetesApplier(standIn.kubeConfig());
});
afterEach(async () => {
  await standIn.stop();
});

function render(specOverrides: Partial<DeploymentSpecInput> = {}, shortId = "abc123"): KubeObject[] {
  return renderDeployment(renderInput({ shortId }, specOverrides));
}

const queues = (heavy: Partial<{ maxWorkers: number; workerConcurrency: number }> = {}) => ({
  workerQueues: [
    { name: "default", workerSize: "S" as const, minWorkers: 1, maxWorkers: 5, workerConcurrency: 8 },
    { name: "heavy", workerSize: "L" as const, minWorkers: 0, maxWorkers: 3, workerConcurrency: 4, ...heavy },
  ],
});

function names(refs: readonly { kind: string; name: string }[]): string[] {
  return refs.map((ref) => `${ref.kind}/${ref.name}`);
}

function held(apiVersion: string, kind: string, name: string): Record<string, unknown> {
  const object = standIn.get(apiVersion, kind, NAMESPACE, name);
  if (!object) throw new Error(`${kind}/${name} is not in the stand-in`);
  return object;
}

function stored(object: KubeObject) {
  return standIn.get(object.apiVersion, object.kind, object.metadata.namespace, object.metadata.name);
}

/** What the stand-in holds, minus what the server adds, with Secret data decoded. */
function asApplied(object: Record<string, unknown>): Record<string, unknown> {
  const { status: _status, ...rest } = object;
  const metadata = { ...(rest.metadata as Record<string, unknown>) };
  for (const field of ["uid", "resourceVersion", "generation", "creationTimestamp", "managedFields"])
    delete metadata[field];
  const annotations = { ...(metadata.annotations as Record<string, string>) };
  delete annotations[APPLIED_HASH];
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
  const result: Record<string, unknown> = { ...rest, metadata };
  if (rest.kind === "Secret") {
    result.stringData = Object.fromEntries(
      Object.entries(rest.data as Record<string, string>).map(([k, v]) => [
        k,
        Buffer.from(v, "base64").toString(),
      ]),
    );
    delete result.data;
  }
  return result;
}

describe("KubernetesApplier.apply", () => {
  it("creates every object exactly as rendered, by server-side apply as field manager skyport", async () => {
    const objects = render(queues());
    const result = await applier.apply(objects);
    expect(result.applied).toHaveLength(objects.length);
    expect(result.unchanged).toEqual([]);
    for (const object of objects) {
      const held = stored(object);
      expect(held, objectKey(object)).toBeDefined();
      const expected = JSON.parse(JSON.stringify(object));
      // Secrets rendered with base64 `data` (the customer environment) compare in decoded form.
      if (expected.kind === "Secret" && expected.data) {
        expected.stringData = asApplied({ ...expected, metadata: {} }).stringData;
        delete expected.data;
      }
      const actual = asApplied(held ?? {});
      if (object.kind === "Deployment" && (object.spec as { replicas?: number }).replicas === undefined) {
        expect((actual.spec as { replicas: number }).replicas).toBe(1);
        delete (actual.spec as { replicas?: number }).replicas;
      }
      // Nothing lost between the renderer, the client's serializer and the server.
      expect(actual).toEqual(expected);
    }
    const writes = standIn.writes();
    expect(writes).toHaveLength(objects.length);
    for (const write of writes) {
      expect(write).toMatchObject({
        method: "PATCH",
        fieldManager: "skyport",
        force: true,
        contentType: "application/apply-patch+yaml",
      });
    }
  });

  it("makes zero write calls when an unchanged deployment is reconciled again", async () => {
    await applier.apply(render(queues()));
    const versions = standIn
      .objectsIn(NAMESPACE)
      .map((o) => (o.metadata as { resourceVersion: string }).resourceVersion);
    standIn.clearLog();
    const again = await applier.apply(render(queues()));
    expect(again.applied).toEqual([]);
    expect(standIn.writes()).toEqual([]);
    expect(standIn.requests.every((r) => r.method === "GET")).toBe(true);
    expect(
      standIn.objectsIn(NAMESPACE).map((o) => (o.metadata as { resourceVersion: string }).resourceVersion),
    ).toEqual(versions);
  });

  it("re-applies only the edited queue's objects", async () => {
    await applier.apply(render(queues()));
    standIn.clearLog();
    const concurrency = await applier.apply(render(queues({ workerConcurrency: 6 })));
    expect(names(concurrency.applied)).toEqual(["Deployment/worker-heavy", "ScaledObject/worker-heavy"]);
    expect(standIn.writes()).toHaveLength(2);

    standIn.clearLog();
    // More workers also raise the namespace's quota, which is derived from them.
    const scale = await applier.apply(render(queues({ workerConcurrency: 6, maxWorkers: 8 })));
    expect(names(scale.applied)).toEqual(["ResourceQuota/deployment-quota", "ScaledObject/worker-heavy"]);
    expect(standIn.writes()).toHaveLength(2);
  });

  it("converges after an apply interrupted part-way", async () => {
    const objects = render(queues());
    await applier.apply(objects.slice(0, 12));
    standIn.clearLog();
    const resumed = await applier.apply(objects);
    expect(resumed.unchanged).toHaveLength(12);
    expect(resumed.applied).toHaveLength(objects.length - 12);
    expect(standIn.objectsIn(NAMESPACE)).toHaveLength(objects.length - 1);
  });

  it("leaves the worker replica count KEDA set", async () => {
    const objects = render(queues());
    await applier.apply(objects);
    standIn.scale(NAMESPACE, "worker-heavy", 3);
    await applier.apply(render(queues({ workerConcurrency: 6 })));
    expect((held("apps/v1", "Deployment", "worker-heavy").spec as { replicas: number }).replicas).toBe(3);
  });

  it("re-asserts every object with force (drift repair), as a no-op where nothing drifted", async () => {
    await applier.apply(render(queues()));
    const version = () =>
      (held("v1", "ConfigMap", "airflow-config").metadata as { resourceVersion: string }).resourceVersion;
    const before = version();
    const forced = await applier.apply(render(queues()), { force: true });
    expect(forced.unchanged).toEqual([]);
    expect(version()).toBe(before);

    // Someone edits the ConfigMap by hand; hash comparison cannot see it, force repairs it.
    expect(
      await standIn.editConfigMapByHand(NAMESPACE, "airflow-config", {
        AIRFLOW__CORE__EXECUTOR: "LocalExecutor",
      }),
    ).toBe(200);
    const data = () =>
      standIn.get("v1", "ConfigMap", NAMESPACE, "airflow-config")?.data as Record<string, string>;
    expect(data().AIRFLOW__CORE__EXECUTOR).toBe("LocalExecutor");
    await applier.apply(render(queues()), { force: true });
    expect(data().AIRFLOW__CORE__EXECUTOR).toBe("CeleryExecutor");
  });

  it("fails with the API server's reason when an object is rejected", async () => {
    const objects = render(queues());
    const scheduler = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "scheduler");
    if (!scheduler) throw new Error("no scheduler");
    const [container] = (scheduler.spec as { template: { spec: { containers: { image?: unknown }[] } } })
      .template.spec.containers;
    if (container) container.image = 42;
    const error = await applier.apply(objects).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubernetesApiError);
    expect(error).toMatchObject({ status: 422, reason: "Invalid" });
    expect((error as Error).message).toContain("apps/v1/Deployment/skyport-abc123/scheduler");
  });
});

describe("KubernetesApplier.prune", () => {
  it("deletes a removed queue's objects and nothing else", async () => {
    await applier.apply(render(queues()));
    const withoutHeavy = render({
      workerQueues: [
        { name: "default", workerSize: "S", minWorkers: 1, maxWorkers: 5, workerConcurrency: 8 },
      ],
    });
    await applier.apply(withoutHeavy);
    // A KubernetesExecutor-style task pod carries Skyport's labels; pruning must never touch it.
    await fetch(`${standIn.url}/api/v1/namespaces/${NAMESPACE}/pods/task-1?fieldManager=airflow`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${standIn.token}`, "content-type": "application/apply-patch+yaml" },
      body: JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "task-1", labels: { "app.kubernetes.io/managed-by": "skyport" } },
        spec: {
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 50000,
            seccompProfile: { type: "RuntimeDefault" },
          },
          containers: [
            {
              name: "base",
              image: "apache/airflow:3.3.1-python3.12",
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            },
          ],
        },
      }),
    });
    standIn.clearLog();
    const pruned = await applier.prune(NAMESPACE, withoutHeavy.map(objectKey));
    expect(names(pruned)).toEqual(["ScaledObject/worker-heavy", "Deployment/worker-heavy"]);
    expect(standIn.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      `DELETE /apis/keda.sh/v1alpha1/namespaces/${NAMESPACE}/scaledobjects/worker-heavy`,
      `DELETE /apis/apps/v1/namespaces/${NAMESPACE}/deployments/worker-heavy`,
    ]);
    expect(standIn.get("v1", "Pod", NAMESPACE, "task-1")).toBeDefined();
    for (const object of withoutHeavy) expect(stored(object), objectKey(object)).toBeDefined();
    expect(await applier.prune(NAMESPACE, withoutHeavy.map(objectKey))).toEqual([]);
  });
});

describe("KubernetesApplier.deleteNamespace and readiness", () => {
  it("deletes the namespace with everything in it, and only that namespace", async () => {
    await applier.apply(render(queues()));
    await applier.apply(render(queues(), "other1"));
    expect(await applier.deleteNamespace(NAMESPACE)).toBe("deleted");
    expect(standIn.objectsIn(NAMESPACE)).toEqual([]);
    expect(await applier.namespaceExists(NAMESPACE)).toBe(false);
    expect(standIn.objectsIn("skyport-other1").length).toBeGreaterThan(30);
    expect(await applier.deleteNamespace(NAMESPACE)).toBe("absent");
  });

  it("reports readiness from workload status, as the controllers set it", async () => {
    await applier.apply(render(queues()));
    const waiting = await applier.readiness(NAMESPACE);
    expect(waiting.ready).toBe(false);
    expect(waiting.summary).toMatch(/^waiting for redis 0\/1, statsd-exporter 0\/1, scheduler 0\/1/);
    standIn.setAllReady(NAMESPACE);
    const ready = await applier.readiness(NAMESPACE);
    expect(ready).toMatchObject({ ready: true, summary: "all 9 workloads ready" });
    expect(ready.workloads.map((w) => w.name)).toContain("airflow-migrate-3-3-1");

    // A config change rolls the Airflow pods: not ready until the controller says so again.
    await applier.apply(
      render({ ...queues(), airflowConfigOverrides: [{ section: "core", key: "parallelism", value: "64" }] }),
    );
    const rolling = await applier.readiness(NAMESPACE);
    expect(rolling.ready).toBe(false);
    expect(rolling.workloads.filter((w) => w.state === "progressing").map((w) => w.name)).toEqual(
      expect.arrayContaining(["scheduler", "api-server", "worker-heavy"]),
    );
    expect(rolling.workloads.find((w) => w.name === "redis")?.state).toBe("ready");
  });
});

// KubernetesApplier through the real @kubernetes/client-node against a REAL control plane (one per
// file, one namespace per test; see ./support/real-cluster.ts): server-side apply as field
// manager skyport, writes counted from the API server's audit log, KEDA's replica count left
// alone, prune, namespace deletion through the namespace controller, and readiness as the real
// Deployment and Job controllers report it. Injected API faults stay on the stand-in
// (packages/domain/test/provisioning/failures.test.ts); what real-cluster.test.ts already proves
// (dry runs, drift checks, KEDA's CRD) is not repeated here.

import type { DeploymentSpecInput } from "@skyport/deployment-spec";
import { waitFor } from "@skyport/testing";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  type KubeObject,
  KubernetesApiError,
  KubernetesApplier,
  liveDrift,
  objectKey,
  renderDeployment,
} from "../src/index.ts";
import { renderInput } from "./support/fixtures.ts";
import {
  cordonNode,
  heldObjectsIn,
  liveObjectsIn,
  objectPath,
  realClusterAvailable,
  useRealCluster,
  writesSince,
  writtenPathsSince,
} from "./support/real-cluster.ts";

const real = useRealCluster();

let sequence = 0;

/** A namespace of its own for a test, and Skyport's applier against the real API server. */
function fresh() {
  sequence++;
  const shortId = `apl${sequence.toString().padStart(3, "0")}`;
  const { cluster, kubeConfig } = real();
  return { shortId, namespace: `skyport-${shortId}`, cluster, applier: new KubernetesApplier(kubeConfig) };
}

function render(shortId: string, specOverrides: Partial<DeploymentSpecInput> = {}): KubeObject[] {
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

/** Per object: its generation (bumped by every change to its spec) and Skyport's managed-fields
 * entry (changed by every apply of Skyport's that changed something). Not the resourceVersion:
 * the controllers' status updates bump it (the stand-in had no controllers). */
const skyportState = async (cluster: ReturnType<typeof fresh>["cluster"], namespace: string) =>
  (await liveObjectsIn(cluster, namespace)).map((o) => {
    const metadata = o.metadata as { generation?: number; managedFields?: { manager: string }[] };
    return [objectKey(o), metadata.generation, metadata.managedFields?.find((f) => f.manager === "skyport")];
  });

// Namespace deletion and rollouts take the controllers' time.
describe.skipIf(!realClusterAvailable)("KubernetesApplier.apply", { timeout: 120_000 }, () => {
  it("creates every object as rendered, by server-side apply as field manager skyport", async () => {
    const { shortId, cluster, applier } = fresh();
    const objects = render(shortId, queues());
    const mark = cluster.requestsBySkyport().length;
    const result = await applier.apply(objects);
    expect(result.applied).toHaveLength(objects.length);
    expect(result.unchanged).toEqual([]);
    const writes = writesSince(cluster, mark);
    expect(writes).toHaveLength(objects.length);
    for (const write of writes) {
      expect(write.verb).toBe("patch");
      expect(write.requestURI).toMatch(/[?&]fieldManager=skyport(&|$)/);
      expect(write.requestURI).toMatch(/[?&]force=true(&|$)/);
    }
    for (const object of objects) {
      const { status, body } = await cluster.request<KubeObject>("GET", objectPath(object));
      expect(status, objectKey(object)).toBe(200);
      // Nothing lost between the renderer, the client's serializer and the server: every field
      // Skyport sets holds its value (the server adds defaults and canonicalises quantities).
      expect(liveDrift(object, body), objectKey(object)).toBeUndefined();
      const managers = (body.metadata as { managedFields?: { manager: string; operation: string }[] })
        .managedFields;
      expect(managers, objectKey(object)).toContainEqual(
        expect.objectContaining({ manager: "skyport", operation: "Apply" }),
      );
    }
  });

  it("makes zero write calls when an unchanged deployment is reconciled again", async () => {
    const { shortId, namespace, cluster, applier } = fresh();
    await applier.apply(render(shortId, queues()));
    const before = await skyportState(cluster, namespace);
    const mark = cluster.requestsBySkyport().length;
    const again = await applier.apply(render(shortId, queues()));
    expect(again.applied).toEqual([]);
    const requests = cluster.requestsBySkyport().slice(mark);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => !["get", "list"].includes(r.verb))).toEqual([]);
    expect(await skyportState(cluster, namespace)).toEqual(before);
  });

  it("re-applies only the edited queue's objects, and the quota when more workers need it", async () => {
    const { shortId, cluster, applier } = fresh();
    await applier.apply(render(shortId, queues()));
    let mark = cluster.requestsBySkyport().length;
    const concurrency = await applier.apply(render(shortId, queues({ workerConcurrency: 6 })));
    expect(names(concurrency.applied)).toEqual(["Deployment/worker-heavy", "ScaledObject/worker-heavy"]);
    expect(writesSince(cluster, mark)).toHaveLength(2);

    mark = cluster.requestsBySkyport().length;
    // More workers also raise the namespace's quota, which is derived from them.
    const scale = await applier.apply(render(shortId, queues({ workerConcurrency: 6, maxWorkers: 8 })));
    expect(names(scale.applied)).toEqual(["ResourceQuota/deployment-quota", "ScaledObject/worker-heavy"]);
    expect(writtenPathsSince(cluster, mark)).toEqual([
      "resourcequotas/deployment-quota",
      "scaledobjects/worker-heavy",
    ]);
  });

  it("converges after an apply interrupted part-way", async () => {
    const { shortId, namespace, applier } = fresh();
    const objects = render(shortId, queues());
    await applier.apply(objects.slice(0, 12));
    const resumed = await applier.apply(objects);
    expect(resumed.unchanged).toHaveLength(12);
    expect(resumed.applied).toHaveLength(objects.length - 12);
    // Every namespaced object (all but the Namespace itself) is there, and only those.
    expect(await heldObjectsIn(real().cluster, namespace)).toEqual(
      objects
        .filter((o) => o.kind !== "Namespace")
        .map((o) => `${o.kind}/${o.metadata.name}`)
        .sort(),
    );
  });

  it("leaves the worker replica count KEDA set", async () => {
    const { shortId, namespace, cluster, applier } = fresh();
    await applier.apply(render(shortId, queues()));
    // KEDA's HPA scales through the scale subresource, as another field manager.
    const path = `/apis/apps/v1/namespaces/${namespace}/deployments/worker-heavy`;
    const scaled = await cluster.request(
      "PATCH",
      `${path}/scale`,
      { spec: { replicas: 3 } },
      { contentType: "application/merge-patch+json" },
    );
    expect(scaled.status).toBe(200);
    await applier.apply(render(shortId, queues({ workerConcurrency: 6 })));
    const { body } = await cluster.request<{ spec: { replicas: number } }>("GET", path);
    expect(body.spec.replicas).toBe(3);
  });

  it("re-asserts every object with force (drift repair), as a no-op where nothing drifted", async () => {
    const { shortId, namespace, cluster, applier } = fresh();
    await applier.apply(render(shortId, queues()));
    const configPath = `/api/v1/namespaces/${namespace}/configmaps/airflow-config`;
    const read = async () =>
      (
        await cluster.request<{ metadata: { resourceVersion: string }; data: Record<string, string> }>(
          "GET",
          configPath,
        )
      ).body;
    const before = (await read()).metadata.resourceVersion;
    const forced = await applier.apply(render(shortId, queues()), { force: true });
    expect(forced.unchanged).toEqual([]);
    // The server finds nothing to change: the object is not rewritten.
    expect((await read()).metadata.resourceVersion).toBe(before);

    // Someone edits the ConfigMap by hand (an update as another user); force repairs it.
    const edited = await read();
    edited.data.AIRFLOW__CORE__EXECUTOR = "LocalExecutor";
    expect((await cluster.request("PUT", configPath, edited)).status).toBe(200);
    expect((await read()).data.AIRFLOW__CORE__EXECUTOR).toBe("LocalExecutor");
    await applier.apply(render(shortId, queues()), { force: true });
    expect((await read()).data.AIRFLOW__CORE__EXECUTOR).toBe("CeleryExecutor");
  });

  it("fails with the API server's reason when an object is rejected", async () => {
    const { shortId, namespace, applier } = fresh();
    const withScheduler = (change: (container: { name: string; image?: unknown }) => void) => {
      const objects = render(shortId, queues());
      const scheduler = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "scheduler");
      const spec = scheduler?.spec as {
        template: { spec: { containers: { name: string; image?: unknown }[] } };
      };
      const [container] = spec.template.spec.containers;
      if (!container) throw new Error("no scheduler container");
      change(container);
      return objects;
    };
    // A value validation refuses: 422 Invalid, naming the field.
    const invalid = await applier
      .apply(withScheduler((container) => Object.assign(container, { name: "Not_A_Label" })))
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(KubernetesApiError);
    expect(invalid).toMatchObject({ status: 422, reason: "Invalid" });
    expect((invalid as Error).message).toContain(`apps/v1/Deployment/${namespace}/scheduler`);
    expect((invalid as Error).message).toContain("spec.template.spec.containers[0].name");
    // A value of the wrong type: the stand-in answered 422 Invalid; the real server's server-side
    // apply cannot build its typed patch and answers 500 (which the reconciler would retry). The
    // renderer's typed models keep such objects from being rendered at all.
    const mistyped = await applier
      .apply(withScheduler((container) => Object.assign(container, { image: 42 })))
      .catch((e: unknown) => e);
    expect(mistyped).toBeInstanceOf(KubernetesApiError);
    expect(mistyped).toMatchObject({ status: 500 });
    expect((mistyped as KubernetesApiError).serverMessage).toContain("failed to create typed patch object");
    expect((mistyped as Error).message).toContain(`apps/v1/Deployment/${namespace}/scheduler`);
  });
});

describe.skipIf(!realClusterAvailable)("KubernetesApplier.prune", { timeout: 120_000 }, () => {
  it("deletes a removed queue's objects and nothing else", async () => {
    const { shortId, namespace, cluster, applier } = fresh();
    await applier.apply(render(shortId, queues()));
    const withoutHeavy = render(shortId, {
      workerQueues: [
        { name: "default", workerSize: "S", minWorkers: 1, maxWorkers: 5, workerConcurrency: 8 },
      ],
    });
    await applier.apply(withoutHeavy);
    // A KubernetesExecutor-style task pod carries Skyport's labels; pruning must never touch it.
    // (ServiceAccount admission refuses a pod until the controller has made `default`.)
    const pod = await waitFor(
      async () => {
        const created = await cluster.request(
          "PATCH",
          `/api/v1/namespaces/${namespace}/pods/task-1?fieldManager=airflow`,
          {
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
                  resources: {
                    requests: { cpu: "100m", memory: "128Mi" },
                    limits: { cpu: "1", memory: "1Gi" },
                  },
                  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                },
              ],
            },
          },
          { contentType: "application/apply-patch+yaml" },
        );
        return created.status < 300 ? created : undefined;
      },
      30_000,
      "the task pod to be admitted",
    );
    expect(pod.status).toBeLessThan(300);
    const mark = cluster.requestsBySkyport().length;
    const pruned = await applier.prune(namespace, withoutHeavy.map(objectKey));
    expect(names(pruned)).toEqual(["ScaledObject/worker-heavy", "Deployment/worker-heavy"]);
    expect(writesSince(cluster, mark).map((w) => `${w.verb} ${w.requestURI.split("?")[0]}`)).toEqual([
      `delete /apis/keda.sh/v1alpha1/namespaces/${namespace}/scaledobjects/worker-heavy`,
      `delete /apis/apps/v1/namespaces/${namespace}/deployments/worker-heavy`,
    ]);
    expect((await cluster.request("GET", `/api/v1/namespaces/${namespace}/pods/task-1`)).status).toBe(200);
    expect(await heldObjectsIn(cluster, namespace)).toEqual(
      withoutHeavy
        .filter((o) => o.kind !== "Namespace")
        .map((o) => `${o.kind}/${o.metadata.name}`)
        .sort(),
    );
    expect(await applier.prune(namespace, withoutHeavy.map(objectKey))).toEqual([]);
  });
});

describe.skipIf(!realClusterAvailable)(
  "KubernetesApplier.deleteNamespace and readiness",
  { timeout: 180_000 },
  () => {
    it("deletes the namespace with everything in it, and only that namespace", async () => {
      const { shortId, namespace, cluster, applier } = fresh();
      const other = fresh();
      await applier.apply(render(shortId, queues()));
      await applier.apply(render(other.shortId, queues()));
      expect(await applier.deleteNamespace(namespace)).toBe("deleted");
      // The namespace controller empties it first (Terminating), then it is gone.
      await waitFor(async () => !(await applier.namespaceExists(namespace)), 120_000, "the cascade");
      expect(await heldObjectsIn(cluster, namespace)).toEqual([]);
      expect((await heldObjectsIn(cluster, other.namespace)).length).toBeGreaterThan(30);
      expect(await applier.deleteNamespace(namespace)).toBe("absent");
    });

    it("reports readiness from workload status, as the controllers set it", async () => {
      const { shortId, namespace, applier } = fresh();
      // kwok's node cordoned: the pods stay Pending until it is schedulable again.
      await cordonNode(real().cluster, true);
      onTestFinished(() => cordonNode(real().cluster, false));
      await applier.apply(render(shortId, queues()));
      const waiting = await applier.readiness(namespace);
      expect(waiting.ready).toBe(false);
      // In the API server's list order (by name; the stand-in answered in the order applied).
      expect(waiting.summary).toMatch(/^waiting for api-server 0\/1, dag-processor 0\/1, redis 0\/1, /);
      for (const workload of ["scheduler 0/1", "statsd-exporter 0/1", "airflow-migrate-3-3-1 0/1"])
        expect(waiting.summary).toContain(workload);
      await cordonNode(real().cluster, false);
      const ready = await waitFor(
        async () => {
          const current = await applier.readiness(namespace);
          return current.ready ? current : undefined;
        },
        120_000,
        "every workload to be ready",
      );
      expect(ready).toMatchObject({ ready: true, summary: "all 9 workloads ready" });
      expect(ready.workloads.map((w) => w.name)).toContain("airflow-migrate-3-3-1");

      // A config change rolls the Airflow pods: not ready until the controllers say so again.
      await cordonNode(real().cluster, true);
      await applier.apply(
        render(shortId, {
          ...queues(),
          airflowConfigOverrides: [{ section: "core", key: "parallelism", value: "64" }],
        }),
      );
      const rolling = await applier.readiness(namespace);
      expect(rolling.ready).toBe(false);
      expect(rolling.workloads.filter((w) => w.state === "progressing").map((w) => w.name)).toEqual(
        expect.arrayContaining(["scheduler", "api-server"]),
      );
      expect(rolling.workloads.find((w) => w.name === "redis")?.state).toBe("ready");
    });
  },
);

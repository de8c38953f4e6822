// KubernetesApplier against a REAL control plane (kube-apiserver with its default admission
// plugins and RBAC, kube-controller-manager, kube-scheduler, kwok's fake node, KEDA's published
// CRDs): every rendered object passes the API server's server-side dry run, an unchanged
// reconcile and an unedited drift check write nothing (counted in the API server's audit log), a
// hand edit is found and undone, pods become Ready, and the namespace controller cascades a delete.
import type { DeploymentSpecInput } from "@skyport/deployment-spec";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type KubeObject, KubernetesApplier, objectKey, renderDeployment } from "../src/index.ts";
import { renderInput } from "./support/fixtures.ts";
import { objectPath, realClusterAvailable, useRealCluster, writesSince } from "./support/real-cluster.ts";

const real = useRealCluster();

const queues = (heavy: Partial<{ maxWorkers: number; workerConcurrency: number }> = {}) => ({
  workerQueues: [
    { name: "default", workerSize: "S" as const, minWorkers: 1, maxWorkers: 5, workerConcurrency: 8 },
    { name: "heavy", workerSize: "L" as const, minWorkers: 0, maxWorkers: 3, workerConcurrency: 4, ...heavy },
  ],
});

function render(shortId: string, specOverrides: Partial<DeploymentSpecInput> = queues()): KubeObject[] {
  return renderDeployment(renderInput({ shortId }, specOverrides));
}

const refs = (list: readonly { kind: string; name: string }[]) => list.map((r) => `${r.kind}/${r.name}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

describe.skipIf(!realClusterAvailable)("KubernetesApplier against a real API server", () => {
  it("every rendered object, and the task pod Airflow creates from its template, passes a server-side dry run", async () => {
    const { cluster, kubeConfig } = real();
    const applier = new KubernetesApplier(kubeConfig);
    const specs: [string, Partial<DeploymentSpecInput>][] = [
      ["dryc01", { ...queues(), highAvailability: true }],
      ["dryk01", { executor: "KUBERNETES", workerQueues: [], highAvailability: true }],
    ];
    for (const [shortId, spec] of specs) {
      const objects = render(shortId, spec);
      // A dry run in a namespace that does not exist is refused (NamespaceLifecycle), and a pod
      // naming a ServiceAccount that does not exist too (ServiceAccount admission): create those.
      const first = objects.filter((o) => o.kind === "Namespace" || o.kind === "ServiceAccount");
      await applier.apply(first);
      const candidates = objects.filter((o) => !first.includes(o));
      const template = objects.find(
        (o) => o.kind === "ConfigMap" && o.metadata.name === "airflow-pod-template",
      );
      if (template) {
        const pod = parse((template.data as Record<string, string>)["pod_template.yaml"] ?? "") as KubeObject;
        candidates.push({ ...pod, metadata: { ...pod.metadata, namespace: `skyport-${shortId}` } });
      }
      const refused: string[] = [];
      for (const object of candidates) {
        const response = await cluster.request(
          "PATCH",
          `${objectPath(object)}?fieldManager=skyport&force=true&dryRun=All&fieldValidation=Strict`,
          object,
          { contentType: "application/apply-patch+yaml", token: cluster.skyportToken },
        );
        if (response.status >= 300) refused.push(`${objectKey(object)}: ${JSON.stringify(response.body)}`);
      }
      expect(refused).toEqual([]);
      expect(candidates.length).toBeGreaterThan(20);
    }
    // The dry runs left nothing behind.
    const { body } = await cluster.request<{ items: unknown[] }>(
      "GET",
      "/apis/apps/v1/namespaces/skyport-dryc01/deployments",
    );
    expect(body.items).toEqual([]);
  });

  it("an unchanged reconcile and an unedited drift check write nothing; a hand edit is found and undone with one write", async () => {
    const { cluster, kubeConfig } = real();
    const applier = new KubernetesApplier(kubeConfig);
    const objects = render("drift1");
    const created = await applier.apply(objects);
    expect(created.applied).toHaveLength(objects.length);

    let mark = cluster.requestsBySkyport().length;
    const again = await applier.apply(render("drift1"));
    expect(again.applied).toEqual([]);
    expect(writesSince(cluster, mark)).toEqual([]);

    mark = cluster.requestsBySkyport().length;
    const checked = await applier.apply(render("drift1"), { repairDrift: true });
    expect(checked.repaired).toEqual([]);
    expect(writesSince(cluster, mark)).toEqual([]);
    // What the drift check reads: one list per kind in the namespace and the namespace itself.
    const reads = cluster.requestsBySkyport().slice(mark);
    expect(reads.every((r) => r.verb === "list" || r.verb === "get")).toBe(true);
    expect(reads.length).toBeLessThanOrEqual(16);

    // The old drift repair (force) writes every object, every sweep.
    mark = cluster.requestsBySkyport().length;
    await applier.apply(render("drift1"), { force: true });
    expect(writesSince(cluster, mark)).toHaveLength(objects.length);

    // Someone edits the ConfigMap and the scheduler's CPU by hand (an update as another user,
    // as `kubectl edit` does): the applied-hash annotation is untouched.
    const configPath = "/api/v1/namespaces/skyport-drift1/configmaps/airflow-config";
    const config = (await cluster.request<KubeObject>("GET", configPath)).body;
    (config.data as Record<string, string>).AIRFLOW__CORE__EXECUTOR = "LocalExecutor";
    expect((await cluster.request("PUT", configPath, config)).status).toBe(200);
    const schedulerPath = "/apis/apps/v1/namespaces/skyport-drift1/deployments/scheduler";
    const scheduler = (await cluster.request<KubeObject>("GET", schedulerPath)).body;
    const container = (
      scheduler.spec as {
        template: { spec: { containers: { resources: { limits: Record<string, string> } }[] } };
      }
    ).template.spec.containers[0];
    if (container) container.resources.limits.cpu = "3";
    expect((await cluster.request("PUT", schedulerPath, scheduler)).status).toBe(200);

    mark = cluster.requestsBySkyport().length;
    const repaired = await applier.apply(render("drift1"), { repairDrift: true });
    expect(refs(repaired.applied)).toEqual(["ConfigMap/airflow-config", "Deployment/scheduler"]);
    expect(repaired.repaired?.map((r) => r.field)).toEqual([
      "ConfigMap.data.AIRFLOW__CORE__EXECUTOR",
      "Deployment.spec.template.spec.containers[name=scheduler].resources.limits.cpu",
    ]);
    expect(writesSince(cluster, mark).map((w) => w.verb)).toEqual(["patch", "patch"]);
    const restored = (await cluster.request<KubeObject>("GET", configPath)).body;
    expect((restored.data as Record<string, string>).AIRFLOW__CORE__EXECUTOR).toBe("CeleryExecutor");
    // And the next check is quiet again.
    mark = cluster.requestsBySkyport().length;
    expect((await applier.apply(render("drift1"), { repairDrift: true })).applied).toEqual([]);
    expect(writesSince(cluster, mark)).toEqual([]);
  });

  it("re-applies only the edited queue's objects, and its ScaledObject is held by KEDA's CRD", async () => {
    const { cluster, kubeConfig } = real();
    const applier = new KubernetesApplier(kubeConfig);
    await applier.apply(render("queue1"));
    const mark = cluster.requestsBySkyport().length;
    const changed = await applier.apply(render("queue1", queues({ workerConcurrency: 6 })));
    expect(refs(changed.applied)).toEqual(["Deployment/worker-heavy", "ScaledObject/worker-heavy"]);
    expect(writesSince(cluster, mark)).toHaveLength(2);
    const scaled = await cluster.request<{
      spec: { maxReplicaCount: number; scaleTargetRef: { name: string } };
    }>("GET", "/apis/keda.sh/v1alpha1/namespaces/skyport-queue1/scaledobjects/worker-heavy");
    expect(scaled.status).toBe(200);
    expect(scaled.body.spec).toMatchObject({ maxReplicaCount: 3, scaleTargetRef: { name: "worker-heavy" } });
  });

  it("workloads become ready on kwok's node, and deleting the namespace cascades through the namespace controller", async () => {
    const { cluster, kubeConfig } = real();
    const applier = new KubernetesApplier(kubeConfig);
    await applier.apply(render("ready1"));
    const readiness = await eventually(
      "every workload to be ready",
      async () => {
        const current = await applier.readiness("skyport-ready1");
        return current.ready ? current : undefined;
      },
      120_000,
    );
    expect(readiness.summary).toMatch(/^all \d+ workloads ready$/);
    const pods = await cluster.request<{ items: { status: { phase: string } }[] }>(
      "GET",
      "/api/v1/namespaces/skyport-ready1/pods",
    );
    expect(pods.body.items.length).toBeGreaterThan(5);

    expect(await applier.deleteNamespace("skyport-ready1")).toBe("deleted");
    // The namespace lingers (Terminating) while the controller deletes what it holds.
    const namespace = await applier.read({ apiVersion: "v1", kind: "Namespace", name: "skyport-ready1" });
    if (namespace) expect((namespace as { status?: { phase?: string } }).status?.phase).toBe("Terminating");
    await eventually(
      "the namespace to be gone",
      async () => !(await applier.namespaceExists("skyport-ready1")),
      120_000,
    );
    const left = await cluster.request<{ items: unknown[] }>(
      "GET",
      "/apis/apps/v1/namespaces/skyport-ready1/deployments",
    );
    expect(left.body.items).toEqual([]);
    // Deleting again is a no-op.
    expect(await applier.deleteNamespace("skyport-ready1")).toBe("absent");
  }, 300_000);
});

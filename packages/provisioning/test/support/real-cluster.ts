// A real Kubernetes control plane for a provisioning test file (see @skyport/testing/kube): started
// once per file when `npm run kube:install` has built it, otherwise the file's suites skip with a
// banner (and fail under CI). Skyport's client talks to it as `skyport-provisioner`, whose every
// request the API server's audit log records.
import { KubeConfig } from "@kubernetes/client-node";
import {
  FAKE_NODE,
  installKedaCrds,
  KUBE_CONTROL_PLANE,
  type KubeCluster,
  type KubeClusterOptions,
  startKubeCluster,
  WRITE_VERBS,
} from "@skyport/testing/kube";
import { hasToolchain } from "@skyport/testing/toolchain";
import { afterAll, beforeAll } from "vitest";
import { KINDS, type KubeObject, kindInfo, MANAGED_BY, MANAGED_BY_VALUE } from "../../src/index.ts";

export const realClusterAvailable = hasToolchain(KUBE_CONTROL_PLANE);

export interface RealCluster {
  readonly cluster: KubeCluster;
  /** Skyport's client configuration (user skyport-provisioner). */
  readonly kubeConfig: KubeConfig;
}

/** Starts the control plane (with KEDA's CRDs) before the file's tests and stops it after. */
export function useRealCluster(options: KubeClusterOptions = {}): () => RealCluster {
  let started: RealCluster | undefined;
  beforeAll(async () => {
    if (!realClusterAvailable) return;
    const cluster = await startKubeCluster(options);
    await installKedaCrds(cluster);
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(cluster.kubeconfigYaml(cluster.skyportToken));
    started = { cluster, kubeConfig };
  }, 240_000);
  afterAll(async () => {
    await started?.cluster.stop();
  });
  return () => {
    if (!started) throw new Error("the real cluster did not start");
    return started;
  };
}

/** The API path of an object (or of its collection, without a name). */
export function objectPath(object: Pick<KubeObject, "apiVersion" | "kind" | "metadata">, withName = true) {
  const info = kindInfo(object.apiVersion, object.kind);
  if (!info) throw new Error(`unknown kind ${object.apiVersion}/${object.kind}`);
  const base = object.apiVersion.includes("/") ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
  const namespace = object.metadata.namespace ? `/namespaces/${object.metadata.namespace}` : "";
  return `${base}${namespace}/${info.resource}${withName ? `/${object.metadata.name}` : ""}`;
}

/** Skyport's requests since `from` (an index into requestsBySkyport()) that wrote something. */
export function writesSince(cluster: KubeCluster, from: number) {
  return cluster
    .requestsBySkyport()
    .slice(from)
    .filter((r) => WRITE_VERBS.has(r.verb) && !r.dryRun);
}

/** Skyport-owned objects of every rendered namespaced kind in `namespace`, as the API server
 * holds them (list items carry no apiVersion/kind: those are set from the kind listed). */
export async function liveObjectsIn(cluster: KubeCluster, namespace: string): Promise<KubeObject[]> {
  const live: KubeObject[] = [];
  for (const info of KINDS.filter((kind) => kind.rendered && kind.namespaced)) {
    const path = objectPath(
      { apiVersion: info.apiVersion, kind: info.kind, metadata: { name: "", namespace } },
      false,
    );
    const { body } = await cluster.request<{ items?: KubeObject[] }>(
      "GET",
      `${path}?labelSelector=${encodeURIComponent(`${MANAGED_BY}=${MANAGED_BY_VALUE}`)}`,
    );
    for (const item of body.items ?? []) live.push({ ...item, apiVersion: info.apiVersion, kind: info.kind });
  }
  return live;
}

/** Skyport-owned objects of every rendered namespaced kind in `namespace`, as Kind/name, sorted. */
export async function heldObjectsIn(cluster: KubeCluster, namespace: string): Promise<string[]> {
  return (await liveObjectsIn(cluster, namespace)).map((o) => `${o.kind}/${o.metadata.name}`).sort();
}

/** One pod-template annotation of each Deployment in `namespace` that has it, by Deployment name. */
export async function podAnnotationsIn(cluster: KubeCluster, namespace: string, key: string) {
  const { body } = await cluster.request<{
    items?: {
      metadata: { name: string };
      spec: { template: { metadata?: { annotations?: Record<string, string> } } };
    }[];
  }>("GET", `/apis/apps/v1/namespaces/${namespace}/deployments`);
  const found: Record<string, string> = {};
  for (const deployment of body.items ?? []) {
    const value = deployment.spec.template.metadata?.annotations?.[key];
    if (value) found[deployment.metadata.name] = value;
  }
  return found;
}

/** Skyport's write requests since `from`, as the last two segments of their path (kind/name). */
export function writtenPathsSince(cluster: KubeCluster, from: number, verb?: string): string[] {
  return writesSince(cluster, from)
    .filter((r) => verb === undefined || r.verb === verb)
    .map((r) => (r.requestURI.split("?")[0] ?? "").split("/").slice(-2).join("/"));
}

/** Marks kwok's node unschedulable (or schedulable again): while it is, new pods stay Pending, so
 * a reconcile waits for readiness as long as a test needs it to. */
export async function cordonNode(cluster: KubeCluster, unschedulable: boolean): Promise<void> {
  const { status, body } = await cluster.request(
    "PATCH",
    `/api/v1/nodes/${FAKE_NODE}`,
    {
      spec: { unschedulable },
    },
    { contentType: "application/merge-patch+json" },
  );
  if (status !== 200) throw new Error(`cordoning ${FAKE_NODE}: ${JSON.stringify(body)}`);
}

/** Decoded data of a Secret the API server holds. */
export async function secretDataIn(cluster: KubeCluster, namespace: string, name: string) {
  const { body } = await cluster.request<{ data?: Record<string, string> }>(
    "GET",
    `/api/v1/namespaces/${namespace}/secrets/${name}`,
  );
  return Object.fromEntries(
    Object.entries(body.data ?? {}).map(([key, value]) => [key, Buffer.from(value, "base64").toString()]),
  );
}

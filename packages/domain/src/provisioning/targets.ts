// Where the reconciler puts a deployment's runtime: a Kubernetes cluster (KUBECONFIG or in-cluster
// config), or — with no cluster configured, the embedded default — manifest files on disk.
import { isIP } from "node:net";
import path from "node:path";
import type { ClusterConfig, KubernetesApplier, RenderInput } from "@skyport/provisioning";

export type ClusterApi = NonNullable<RenderInput["clusterApi"]>;

export interface ProvisioningTarget {
  /** null: no cluster is configured, manifests are only rendered to `manifestsDir`. */
  readonly cluster: { readonly applier: KubernetesApplier; readonly server: string } | null;
  /** Render-only output; with a cluster, only cleaned up (on delete) for deployments rendered
   * before the cluster was configured. */
  readonly manifestsDir: string;
}

/** The API server's address range as pods see it, for the KUBERNETES executor's egress allow:
 * KUBERNETES_API_CIDR, else the cluster's server address when it is an IP. */
export function clusterApiFor(
  cluster: ClusterConfig | null,
  cidr: string | undefined,
): ClusterApi | undefined {
  let port = 443;
  let host: string | undefined;
  if (cluster) {
    const server = new URL(cluster.server);
    if (server.port) port = Number(server.port);
    host = server.hostname.replace(/^\[(.*)\]$/, "$1");
  }
  if (cidr) return { cidr, port };
  if (!host) return undefined;
  const family = isIP(host);
  if (family === 4) return { cidr: `${host}/32`, port };
  if (family === 6) return { cidr: `${host}/128`, port };
  return undefined;
}

/** Render-only manifests stand for a typical cluster whose API Service is kubeadm's default. */
export const RENDER_ONLY_CLUSTER_API: ClusterApi = { cidr: "10.96.0.1/32", port: 443 };

export function manifestsDirFor(target: { manifestsDir: string }, namespace: string): string {
  return path.join(target.manifestsDir, namespace);
}

/** The status reason of a render-only reconcile; the path relative to the working directory. */
export function renderedReason(dir: string, cwd: string): string {
  const relative = path.relative(cwd, dir);
  const shown = relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : dir;
  return `Rendered to ${shown}/ — not applied: no Kubernetes cluster is configured (set KUBECONFIG)`;
}

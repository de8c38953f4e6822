// Where the reconciler puts a deployment's runtime: a Kubernetes cluster (KUBECONFIG or in-cluster
// config), real Airflow processes on this machine (`local`, the embedded default when Python is
// there), or manifest files on disk (`render`).
import { isIP } from "node:net";
import path from "node:path";
import type {
  ClusterConfig,
  ExistingRuntimeSecrets,
  KubernetesApplier,
  RenderInput,
} from "@skyport/provisioning";

export type ClusterApi = NonNullable<RenderInput["clusterApi"]>;

/** The `local` target's adapter: runs a deployment's Airflow as processes on this machine. */
export interface LocalRuntimeTarget {
  /** The secret material the runtime already holds (what a namespace's Secrets hold on Kubernetes). */
  readSecrets(namespace: string): Promise<ExistingRuntimeSecrets>;
  /**
   * Installs the runtime version when needed, keeps the secrets, starts or updates the processes
   * and waits (up to `timeoutMs`) for health. Throws RuntimeTargetError for what it cannot do.
   */
  converge(
    input: RenderInput,
    options: {
      readonly timeoutMs: number;
      /** A progress run waits for health; a quiet check that changes nothing looks once. */
      readonly waitForHealth: boolean;
      readonly onProgress: (reason: string) => Promise<void>;
    },
  ): Promise<{ readonly ready: boolean; readonly reason: string }>;
  /** Stops the runtime's processes and removes its files. */
  remove(namespace: string): Promise<void>;
}

export interface ProvisioningTarget {
  /** null: no cluster is configured (local processes or rendered manifests). */
  readonly cluster: { readonly applier: KubernetesApplier; readonly server: string } | null;
  /** Set (and `cluster` null): deployments run as local processes. */
  readonly local?: LocalRuntimeTarget | null;
  /** Render-only output; otherwise only cleaned up (on delete) for deployments rendered before. */
  readonly manifestsDir: string;
  /** Render-only: why nothing runs, appended to the status reason (e.g. no suitable Python). */
  readonly renderOnlyBecause?: string;
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
export function renderedReason(dir: string, cwd: string, because?: string): string {
  const relative = path.relative(cwd, dir);
  const shown = relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : dir;
  return `Rendered to ${shown}/ — not applied: ${because ?? "no Kubernetes cluster is configured (set KUBECONFIG)"}`;
}

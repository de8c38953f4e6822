// Which cluster, if any, provisioning talks to. Only explicit configuration counts: KUBECONFIG,
// or running inside a cluster with a mounted service account. Unlike the client's
// loadFromDefault, ~/.kube/config is NOT picked up: a developer running Skyport locally must not
// have tenant namespaces applied to whatever cluster their kubectl happens to point at. With
// nothing configured this returns null and provisioning renders manifests to disk instead.
import { existsSync } from "node:fs";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";

export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

export interface ClusterConfig {
  readonly source: "kubeconfig" | "in-cluster";
  readonly kubeConfig: KubeConfig;
  /** API server URL of the current context, for status messages. */
  readonly server: string;
}

export interface ClusterConfigOptions {
  /** Where the in-cluster token and CA live (tests point this elsewhere). */
  readonly serviceAccountDir?: string;
}

export class ClusterConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClusterConfigError";
  }
}

function fromKubeconfig(value: string): KubeConfig {
  const files = value.split(path.delimiter).filter((file) => file.length > 0);
  const [first, ...rest] = files;
  if (!first) throw new ClusterConfigError("KUBECONFIG is set but names no file");
  for (const file of files) {
    if (!existsSync(file)) throw new ClusterConfigError(`KUBECONFIG names ${file}, which does not exist`);
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(first);
  for (const file of rest) {
    const other = new KubeConfig();
    other.loadFromFile(file);
    kubeConfig.mergeConfig(other, true);
  }
  return kubeConfig;
}

function fromServiceAccount(host: string, port: string, dir: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  const serverHost = host.includes(":") ? `[${host}]` : host;
  kubeConfig.loadFromClusterAndUser(
    {
      name: "in-cluster",
      server: `https://${serverHost}:${port}`,
      caFile: path.join(dir, "ca.crt"),
      skipTLSVerify: false,
    },
    // tokenFile re-reads the projected token, which the kubelet rotates.
    {
      name: "in-cluster",
      authProvider: { name: "tokenFile", config: { tokenFile: path.join(dir, "token") } },
    },
  );
  return kubeConfig;
}

export function loadClusterConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: ClusterConfigOptions = {},
): ClusterConfig | null {
  let kubeConfig: KubeConfig;
  let source: ClusterConfig["source"];
  if (env.KUBECONFIG && env.KUBECONFIG.length > 0) {
    kubeConfig = fromKubeconfig(env.KUBECONFIG);
    source = "kubeconfig";
  } else {
    const dir = options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
    const host = env.KUBERNETES_SERVICE_HOST;
    const port = env.KUBERNETES_SERVICE_PORT;
    if (!host || !port || !existsSync(path.join(dir, "token"))) return null;
    kubeConfig = fromServiceAccount(host, port, dir);
    source = "in-cluster";
  }
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster)
    throw new ClusterConfigError(
      `${source === "kubeconfig" ? "KUBECONFIG" : "in-cluster config"} has no current cluster`,
    );
  return { source, kubeConfig, server: cluster.server };
}

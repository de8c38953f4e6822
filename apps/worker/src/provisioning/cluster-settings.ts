// Start-up checks of the provisioning settings against the cluster, so a setting every deployment
// would fail on stops the worker (exit 78, naming the variable) instead of failing each one.
import { isIP } from "node:net";
import { ConfigError, provisioningSettings, type WorkerEnv } from "@skyport/config";
import { clusterApiFor } from "@skyport/domain/provisioning";
import type { Logger } from "@skyport/logger";
import { type ClusterConfig, ClusterConfigError, loadClusterConfig } from "@skyport/provisioning";

type Settings = Pick<
  WorkerEnv,
  | "DATABASE_URL"
  | "SKYPORT_STATE_DIR"
  | "KUBECONFIG"
  | "RUNTIME_DATABASE_URL"
  | "RUNTIME_DATABASE_CLUSTER_HOST"
  | "RUNTIME_DATABASE_CIDR"
  | "KUBERNETES_API_CIDR"
>;

export interface SettingsCheck {
  readonly issues: { variable: string; message: string }[];
  readonly warnings: string[];
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}

export function checkClusterSettings(config: Settings, cluster: ClusterConfig | null): SettingsCheck {
  const issues: SettingsCheck["issues"] = [];
  const warnings: string[] = [];
  if (!cluster) return { issues, warnings };
  const { runtimeDatabase } = provisioningSettings(config);
  if (isIP(runtimeDatabase.host) === 0 && !runtimeDatabase.cidr) {
    issues.push({
      variable: "RUNTIME_DATABASE_CIDR",
      message: `is required with a cluster when the runtime database host (${runtimeDatabase.host}) is a name: NetworkPolicies match addresses`,
    });
  }
  if (isLoopback(runtimeDatabase.host)) {
    warnings.push(
      `the runtime database host ${runtimeDatabase.host} is a loopback address Airflow pods cannot reach; set RUNTIME_DATABASE_CLUSTER_HOST`,
    );
  }
  if (!clusterApiFor(cluster, config.KUBERNETES_API_CIDR)) {
    warnings.push(
      `the API server ${cluster.server} is not an IP address: KUBERNETES executor deployments fail until KUBERNETES_API_CIDR is set`,
    );
  }
  return { issues, warnings };
}

function exitWith(issues: SettingsCheck["issues"]): never {
  console.error(new ConfigError("worker", issues).message);
  process.exit(78);
}

/** The cluster from KUBECONFIG or in-cluster config (null: render-only), checked; for main.ts. */
export function loadClusterConfigOrExit(
  config: Settings,
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
): ClusterConfig | null {
  let cluster: ClusterConfig | null;
  try {
    cluster = loadClusterConfig({
      KUBECONFIG: config.KUBECONFIG,
      KUBERNETES_SERVICE_HOST: env.KUBERNETES_SERVICE_HOST,
      KUBERNETES_SERVICE_PORT: env.KUBERNETES_SERVICE_PORT,
    });
  } catch (error) {
    // A parse error could quote the file, which holds credentials: only our own messages pass.
    const message = error instanceof ClusterConfigError ? error.message : "is not a readable kubeconfig file";
    exitWith([{ variable: config.KUBECONFIG ? "KUBECONFIG" : "KUBERNETES_SERVICE_HOST", message }]);
  }
  const { issues, warnings } = checkClusterSettings(config, cluster);
  if (issues.length > 0) exitWith(issues);
  for (const warning of warnings) logger.warn(warning);
  return cluster;
}

// Wires the provisioning side of the worker from its configuration: the domain's reconciler with
// its repository (Skyport's database), its adapters (advisory locks on Skyport's database, the
// runtime database server's admin connection) and its target (a cluster, or render-only
// manifests). No provisioning rules live here.
import { existsSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { provisioningSettings, type WorkerEnv } from "@skyport/config";
import type { PrismaClient } from "@skyport/db";
import type { SecretBox } from "@skyport/domain";
import {
  clusterApiFor,
  DeploymentReconciler,
  type ProvisioningRepository,
  prismaProvisioningRepository,
  ReconcileLocks,
} from "@skyport/domain/provisioning";
import type { Logger } from "@skyport/logger";
import { type ClusterConfig, KubernetesApplier, SERVICE_ACCOUNT_DIR } from "@skyport/provisioning";
import pg from "pg";

export type ProvisioningConfig = Pick<
  WorkerEnv,
  "DATABASE_URL" | "WORKER_CONCURRENCY" | "SKYPORT_STATE_DIR"
> &
  Partial<
    Pick<
      WorkerEnv,
      | "SKYPORT_BASE_DOMAIN"
      | "RUNTIME_DATABASE_URL"
      | "RUNTIME_DATABASE_CLUSTER_HOST"
      | "RUNTIME_DATABASE_CIDR"
      | "KUBERNETES_API_CIDR"
      | "SKYPORT_CONTROL_PLANE_NAMESPACE"
      | "SKYPORT_PUBLIC_URL"
      | "SKYPORT_PUBLIC_CIDR"
      | "SKYPORT_MANIFESTS_DIR"
      | "PROVISIONING_READY_TIMEOUT_MS"
      | "DRIFT_SWEEP_INTERVAL_MS"
    >
  >;

export interface ProvisioningOptions {
  /** The cluster to provision on; null (the default) renders manifests only. */
  readonly cluster?: ClusterConfig | null;
  /** First readiness poll interval (tests shorten it). */
  readonly readinessPollMs?: number;
}

export interface Provisioning {
  readonly reconciler: DeploymentReconciler;
  readonly repository: ProvisioningRepository;
  readonly driftSweepIntervalMs: number;
  /** For the "worker ready" log line: no secrets. */
  readonly summary: Record<string, string>;
  close(): Promise<void>;
}

/** Labels of Skyport's worker pods (infra/helm), which scrape the runtimes' statsd-exporters. */
const CONTROL_PLANE_POD_LABELS = {
  "app.kubernetes.io/part-of": "skyport",
  "app.kubernetes.io/component": "worker",
};

function controlPlaneNamespace(configured: string | undefined, cluster: ClusterConfig | null): string {
  if (configured) return configured;
  const file = path.join(SERVICE_ACCOUNT_DIR, "namespace");
  if (cluster?.source === "in-cluster" && existsSync(file)) return readFileSync(file, "utf8").trim();
  return "skyport";
}

/**
 * Where the runtimes' DAG bundle sync reaches Skyport: its public URL, and the address range a
 * NetworkPolicy can allow. Without a known range there is no bundle sync (said in the summary).
 */
export function bundleSyncFor(
  config: Pick<ProvisioningConfig, "SKYPORT_PUBLIC_URL" | "SKYPORT_PUBLIC_CIDR">,
): { url: string; cidr: string; port: number } | undefined {
  const url = new URL(config.SKYPORT_PUBLIC_URL ?? "http://localhost:3000");
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  const literal = isIP(host) === 4 ? `${host}/32` : isIP(host) === 6 ? `${host}/128` : undefined;
  const cidr = config.SKYPORT_PUBLIC_CIDR ?? literal ?? (host === "localhost" ? "127.0.0.1/32" : undefined);
  return cidr ? { url: url.origin, cidr, port } : undefined;
}

export function createProvisioning(
  config: ProvisioningConfig,
  logger: Logger,
  db: PrismaClient,
  secrets: SecretBox,
  options: ProvisioningOptions = {},
): Provisioning {
  const cluster = options.cluster ?? null;
  const settings = provisioningSettings(config);
  const locks = new ReconcileLocks(config.DATABASE_URL, config.WORKER_CONCURRENCY + 1);
  const runtimeDatabase = new pg.Pool({
    connectionString: settings.runtimeDatabaseUrl,
    max: Math.min(config.WORKER_CONCURRENCY, 8),
  });
  runtimeDatabase.on("error", () => {});
  const applier = cluster ? new KubernetesApplier(cluster.kubeConfig) : null;
  const clusterApi = clusterApiFor(cluster, settings.kubernetesApiCidr);
  const repository = prismaProvisioningRepository(db);
  const bundleSync = bundleSyncFor(config);
  const reconciler = new DeploymentReconciler({
    repository,
    secrets,
    logger,
    locks,
    runtimeDatabase,
    target: {
      cluster: applier && cluster ? { applier, server: cluster.server } : null,
      manifestsDir: settings.manifestsDir,
    },
    settings: {
      baseDomain: config.SKYPORT_BASE_DOMAIN ?? "skyport.localhost",
      runtimeDatabase: settings.runtimeDatabase,
      ...(settings.runtimeDatabaseSslMode ? { runtimeDatabaseSslMode: settings.runtimeDatabaseSslMode } : {}),
      controlPlane: {
        namespace: controlPlaneNamespace(settings.controlPlaneNamespace, cluster),
        podLabels: CONTROL_PLANE_POD_LABELS,
      },
      ...(clusterApi ? { clusterApi } : {}),
      ...(bundleSync ? { bundleSync } : {}),
      // Runtimes post OpenLineage events to the same public address (allow-skyport).
      ...(bundleSync ? { openLineage: bundleSync } : {}),
      readyTimeoutMs: settings.readyTimeoutMs,
      ...(options.readinessPollMs ? { readinessPollMs: options.readinessPollMs } : {}),
    },
  });
  return {
    reconciler,
    repository,
    driftSweepIntervalMs: settings.driftSweepIntervalMs,
    summary: cluster
      ? { provisioning: `cluster ${cluster.server} (${cluster.source})` }
      : { provisioning: `render-only (no cluster configured): manifests in ${settings.manifestsDir}` },
    async close() {
      applier?.close();
      await Promise.all([locks.close(), runtimeDatabase.end()]);
    },
  };
}

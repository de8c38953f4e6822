import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { postgresUrl as postgresUrlOf } from "./urls.ts";

function isCidr(value: string): boolean {
  const [address = "", prefix, ...rest] = value.split("/");
  if (rest.length > 0 || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return false;
  const family = isIP(address);
  return family !== 0 && Number(prefix) <= (family === 4 ? 32 : 128);
}

const cidr = z.string().trim().refine(isCidr, "must be an address range like 10.20.0.0/16 or 10.20.0.5/32");

const postgresUrl = postgresUrlOf("postgres");

const HOST =
  /^(?=.{1,253}$)[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

const milliseconds = (min: number) =>
  z.coerce
    .number({ message: "must be a number of milliseconds" })
    .int("must be a whole number of milliseconds")
    .min(min, `must be at least ${min}`);

/**
 * The worker's provisioning settings: where metadata databases are created, how Airflow pods
 * reach them, which cluster (KUBECONFIG; in-cluster config needs no variable), and where
 * manifests go when there is no cluster.
 */
export const provisioningEnvShape = {
  /** Admin connection to the runtime PostgreSQL server (a role with CREATEDB and CREATEROLE).
   * Default: DATABASE_URL, i.e. the metadata databases live on Skyport's own server. */
  RUNTIME_DATABASE_URL: postgresUrl.optional(),
  /** Host name or IP the Airflow pods use to reach the runtime server. Default: the host of
   * RUNTIME_DATABASE_URL. */
  RUNTIME_DATABASE_CLUSTER_HOST: z
    .string()
    .trim()
    .refine((value) => isIP(value) !== 0 || HOST.test(value), "must be a host name or an IP address")
    .optional(),
  /** Address range of the runtime server, for the NetworkPolicy egress allow. Required when the
   * cluster host is a name (NetworkPolicies match addresses). */
  RUNTIME_DATABASE_CIDR: cidr.optional(),
  /** Kubeconfig file(s) of the cluster deployments are provisioned on. Unset and not running in a
   * cluster: manifests are rendered to disk only. */
  KUBECONFIG: z.string().min(1).optional(),
  /** Address range of the Kubernetes API server as pods see it (KUBERNETES executor). Default: the
   * API server's address when it is an IP. */
  KUBERNETES_API_CIDR: cidr.optional(),
  /** Address range SKYPORT_PUBLIC_URL resolves to as pods see it: the runtimes' DAG bundle sync
   * may reach it (NetworkPolicy). Default: the URL's host when it is an IP (localhost: 127.0.0.1). */
  SKYPORT_PUBLIC_CIDR: cidr.optional(),
  /** Namespace Skyport's own pods run in (they scrape the runtimes' metrics). Default: the
   * worker's namespace in a cluster, else `skyport`. */
  SKYPORT_CONTROL_PLANE_NAMESPACE: z
    .string()
    .regex(NAMESPACE, "must be a Kubernetes namespace name")
    .optional(),
  /**
   * Where deployments run: `kubernetes` (KUBECONFIG or in-cluster config), `local` (real Airflow
   * processes on this machine, supervised by the worker), `render` (manifests to disk only), or
   * `auto`: a configured cluster, else local when a suitable Python is found, else render.
   * Unset means `auto`, except under NODE_ENV=production, where local runtimes (one machine, one
   * OS user: no isolation between deployments) must be chosen explicitly.
   */
  SKYPORT_RUNTIME: z
    .enum(["kubernetes", "local", "render", "auto"], {
      message: "must be one of kubernetes, local, render, auto",
    })
    .optional(),
  /** The Python interpreter local runtimes are built from. Default `python3` on PATH. */
  SKYPORT_PYTHON: z.string().min(1).optional(),
  /** Where render-only mode writes manifests. Default `$SKYPORT_STATE_DIR/manifests`. */
  SKYPORT_MANIFESTS_DIR: z.string().min(1).optional(),
  /** How long a reconcile waits for a runtime's workloads to become ready. */
  PROVISIONING_READY_TIMEOUT_MS: milliseconds(1_000).default(600_000),
  /** How often every live deployment is re-reconciled to repair drift. */
  DRIFT_SWEEP_INTERVAL_MS: milliseconds(1_000).default(300_000),
};

export interface ProvisioningSettings {
  /** Admin URL of the runtime PostgreSQL server (holds a password: never log it unredacted). */
  readonly runtimeDatabaseUrl: string;
  /** How the runtime's pods reach that server. */
  readonly runtimeDatabase: { readonly host: string; readonly port: number; readonly cidr?: string };
  /** `sslmode` of RUNTIME_DATABASE_URL, carried into the pods' connection URLs. */
  readonly runtimeDatabaseSslMode?: string;
  readonly manifestsDir: string;
  readonly readyTimeoutMs: number;
  readonly driftSweepIntervalMs: number;
  readonly kubernetesApiCidr?: string;
  readonly controlPlaneNamespace?: string;
}

type ProvisioningVariables = {
  DATABASE_URL: string;
  SKYPORT_STATE_DIR?: string | undefined;
  RUNTIME_DATABASE_URL?: string | undefined;
  RUNTIME_DATABASE_CLUSTER_HOST?: string | undefined;
  RUNTIME_DATABASE_CIDR?: string | undefined;
  KUBERNETES_API_CIDR?: string | undefined;
  SKYPORT_CONTROL_PLANE_NAMESPACE?: string | undefined;
  SKYPORT_MANIFESTS_DIR?: string | undefined;
  PROVISIONING_READY_TIMEOUT_MS?: number | undefined;
  DRIFT_SWEEP_INTERVAL_MS?: number | undefined;
};

/** Resolves the defaults that depend on other variables (relative paths against `cwd`). */
export function provisioningSettings(
  config: ProvisioningVariables,
  cwd = process.cwd(),
): ProvisioningSettings {
  const runtimeDatabaseUrl = config.RUNTIME_DATABASE_URL ?? config.DATABASE_URL;
  const server = new URL(runtimeDatabaseUrl);
  // URL keeps IPv6 hosts bracketed; pods and NetworkPolicies want the bare address.
  const host = config.RUNTIME_DATABASE_CLUSTER_HOST ?? server.hostname.replace(/^\[(.*)\]$/, "$1");
  const stateDir = path.resolve(cwd, config.SKYPORT_STATE_DIR ?? ".skyport");
  return {
    runtimeDatabaseUrl,
    runtimeDatabase: {
      host,
      port: server.port ? Number(server.port) : 5432,
      ...(config.RUNTIME_DATABASE_CIDR ? { cidr: config.RUNTIME_DATABASE_CIDR } : {}),
    },
    ...(server.searchParams.get("sslmode")
      ? { runtimeDatabaseSslMode: server.searchParams.get("sslmode") ?? "" }
      : {}),
    manifestsDir: config.SKYPORT_MANIFESTS_DIR
      ? path.resolve(cwd, config.SKYPORT_MANIFESTS_DIR)
      : path.join(stateDir, "manifests"),
    readyTimeoutMs: config.PROVISIONING_READY_TIMEOUT_MS ?? 600_000,
    driftSweepIntervalMs: config.DRIFT_SWEEP_INTERVAL_MS ?? 300_000,
    ...(config.KUBERNETES_API_CIDR ? { kubernetesApiCidr: config.KUBERNETES_API_CIDR } : {}),
    ...(config.SKYPORT_CONTROL_PLANE_NAMESPACE
      ? { controlPlaneNamespace: config.SKYPORT_CONTROL_PLANE_NAMESPACE }
      : {}),
  };
}

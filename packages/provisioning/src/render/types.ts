// Inputs and outputs of the manifest renderer.

import type { DeploymentSpec } from "@skyport/deployment-spec";
import type { EnvironmentEntry } from "../environment/delivery.ts";

/** Secret material for one deployment. Generated once (see secrets.ts) and kept by the caller;
 * the renderer only places it into Kubernetes Secrets. */
export interface RuntimeSecrets {
  /** Fernet key encrypting Airflow connections and variables: 32 random bytes, URL-safe base64. */
  readonly fernetKey: string;
  /** Signs UI sessions: [webserver] secret_key on 2.x, [api] secret_key on 3.x. */
  readonly webserverSecretKey: string;
  /** Signs task tokens between Airflow 3 components ([api_auth] jwt_secret); unused on 2.x. */
  readonly jwtSecret: string;
  /** Password of the deployment's own Redis broker (Celery). */
  readonly brokerPassword: string;
  /** `postgresql://role:password@host:port/database` of the deployment's metadata database. */
  readonly metadataDbUrl: string;
}

export const REDACTED = "<redacted>";

export interface RenderInput {
  readonly deploymentId: string;
  /** Short, DNS-safe id; the namespace is `skyport-<shortId>`. */
  readonly shortId: string;
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly spec: DeploymentSpec;
  readonly generation: number;
  /** The Airflow UI is served at `<namespace>.<baseDomain>`. */
  readonly baseDomain: string;
  /** Where Skyport's own pods run; they scrape the deployment's statsd-exporter. */
  readonly controlPlane: {
    readonly namespace: string;
    /** Narrows the allowed scrapers to these pods of the control-plane namespace. */
    readonly podLabels?: Readonly<Record<string, string>>;
    /** Alternatively (e.g. a control plane outside the cluster): an address range. */
    readonly cidr?: string;
  };
  /** The runtime PostgreSQL server holding the deployment's metadata database. NetworkPolicies
   * match addresses, not names: a hostname needs `cidr`. */
  readonly runtimeDatabase: { readonly host: string; readonly port: number; readonly cidr?: string };
  /** The Kubernetes API server's address range and port. Required for the KUBERNETES executor,
   * whose scheduler launches task pods through it. */
  readonly clusterApi?: { readonly cidr: string; readonly port: number };
  readonly ingress?: {
    readonly className?: string;
    /** Namespace of the ingress controller pods allowed to reach the UI. Default `ingress-nginx`. */
    readonly controllerNamespace?: string;
    /** TLS certificate Secret (in the deployment namespace) for the UI host. */
    readonly tlsSecretName?: string;
  };
  /** "redacted" renders every secret value as `<redacted>`: for manifests written to disk. */
  readonly secrets: RuntimeSecrets | "redacted";
  /**
   * The customer's environment variables, Airflow connections and variables, delivered in the
   * `airflow-environment` Secret. Values may be null when `secrets` is "redacted". Default: none.
   */
  readonly environment?: readonly EnvironmentEntry[];
  /**
   * DAG bundles: the sync process in the Airflow pods polls Skyport at `url` (its public URL)
   * with the deployment's read-only `credential` (null in redacted mode). NetworkPolicies match
   * addresses: `cidr` and `port` are where that URL is reached. Absent: no bundle sync.
   */
  readonly bundleSync?: {
    readonly url: string;
    readonly cidr: string;
    readonly port: number;
    readonly credential: string | null;
  };
  /**
   * OpenLineage: every Airflow process posts its run events to Skyport's ingest endpoint at `url`
   * (its public URL) with the deployment's ingest `token` (null in redacted mode), delivered in a
   * Secret. `cidr` and `port` are where that URL is reached. Absent: no OpenLineage transport.
   */
  readonly openLineage?: {
    readonly url: string;
    readonly cidr: string;
    readonly port: number;
    readonly token: string | null;
  };
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** Any Kubernetes object as the applier and validators see it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

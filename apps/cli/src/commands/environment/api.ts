// The environment resources of the REST API as the CLI reads them: environment variables,
// Airflow connections and Airflow variables, each owned by a deployment or by a workspace (and
// then linked to all of its deployments or chosen ones), and what a deployment receives.
// Secret values never come back: `value` is null and `masked` true; a connection's password is
// only `passwordSet`.
import { API_V1 } from "../../api/paths.ts";

export type Scope = "deployment" | "workspace";

const seg = (value: string) => encodeURIComponent(value);

/** The collection segment of each kind under its owner's path. */
export const SEGMENTS = {
  environmentVariable: "environment-variables",
  airflowConnection: "airflow-connections",
  airflowVariable: "airflow-variables",
} as const;

export type Kind = keyof typeof SEGMENTS;

export const environmentPaths = {
  owner: (organizationId: string, scope: Scope, ownerId: string) =>
    `${API_V1}/organizations/${seg(organizationId)}/${scope === "deployment" ? "deployments" : "workspaces"}/${seg(ownerId)}`,
  collection: (ownerPath: string, kind: Kind) => `${ownerPath}/${SEGMENTS[kind]}`,
  /** One object, named by its key (variables) or connection id (connections). */
  item: (ownerPath: string, kind: Kind, key: string) => `${ownerPath}/${SEGMENTS[kind]}/${seg(key)}`,
  import: (ownerPath: string) => `${ownerPath}/${SEGMENTS.environmentVariable}/import`,
  delivered: (organizationId: string, deploymentId: string) =>
    `${environmentPaths.owner(organizationId, "deployment", deploymentId)}/environment`,
};

interface Owned {
  id: string;
  scope: "DEPLOYMENT" | "WORKSPACE";
  workspaceId: string;
  deploymentId: string | null;
  /** True when anything is withheld: a secret, or every value for callers who see names only. */
  masked: boolean;
  valueVersion: number;
  linkAllDeployments: boolean;
  linkedDeploymentIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface EnvironmentVariable extends Owned {
  key: string;
  isSecret: boolean;
  value: string | null;
}

export interface AirflowVariable extends EnvironmentVariable {
  description: string;
}

export interface AirflowConnection extends Owned {
  connectionId: string;
  connType: string;
  description: string;
  host: string | null;
  port: number | null;
  login: string | null;
  schema: string | null;
  password: null;
  passwordSet: boolean;
  /** Secret fields are null; the whole extra is null for callers who see names only. */
  extra: Record<string, unknown> | null;
  secretExtraFields: string[];
}

/** What every change answers besides the object. */
export interface EnvironmentChange {
  affectedDeploymentIds: string[];
  /** False when a reconcile could not be queued; the worker's sweep delivers the change later. */
  reconcileQueued: boolean;
}

export interface ImportAnswer extends EnvironmentChange {
  created: EnvironmentVariable[];
  updated: EnvironmentVariable[];
}

export interface DeliveredObject {
  kind: Kind;
  /** The environment variable it arrives as: the key, AIRFLOW_CONN_<ID> or AIRFLOW_VAR_<KEY>. */
  name: string;
  key: string;
  id: string;
  scope: "DEPLOYMENT" | "WORKSPACE";
  isSecret: boolean;
  value: string | null;
  masked: boolean;
  valueVersion: number;
}

/** GET …/deployments/{id}/environment */
export interface DeliveredEnvironment {
  deploymentId: string;
  delivered: DeliveredObject[];
  /** Workspace objects a deployment's own object of the same name replaces. */
  overridden: DeliveredObject[];
  totalBytes: number;
  limitBytes: number;
}

/** Workspace objects only: which deployments receive them. */
export interface LinksInput {
  linkAllDeployments?: boolean;
  linkedDeploymentIds?: string[];
}

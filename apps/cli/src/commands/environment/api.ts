// The environment resources of the REST API as the CLI reads them: environment variables,
// Airflow connections and Airflow variables, each owned by a deployment or by a workspace (and
// then linked to all of its deployments or chosen ones), and what a deployment receives.
// Secret values never come back: `value` is null and `masked` true; a connection's password is
// only `passwordSet`.
import { API_V1 } from "../../api/paths.ts";
import type { BodyOf, ItemOf, ResponseOf } from "../../api/types.ts";

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

// The objects and answers, from the types generated from the server's OpenAPI document: a
// deployment's and a workspace's objects have the same shape.
export type EnvironmentVariable = ItemOf<"listDeploymentEnvironmentVariables">;
export type AirflowVariable = ItemOf<"listDeploymentAirflowVariables">;
export type AirflowConnection = ItemOf<"listDeploymentAirflowConnections">;

/** What every change answers besides the object (reconcileQueued false: the worker's sweep delivers it later). */
export type EnvironmentChange = Pick<
  ResponseOf<"deleteDeploymentEnvironmentVariable">,
  "affectedDeploymentIds" | "reconcileQueued"
>;

export type ImportAnswer = ResponseOf<"importDeploymentEnvironmentVariables">;

/** GET …/deployments/{id}/environment; `overridden`: workspace objects the deployment's own replace. */
export type DeliveredEnvironment = ResponseOf<"getDeploymentEnvironment">;
export type DeliveredObject = DeliveredEnvironment["delivered"][number];

/** Workspace objects only: which deployments receive them. */
export type LinksInput = Pick<
  BodyOf<"createWorkspaceEnvironmentVariable">,
  "linkAllDeployments" | "linkedDeploymentIds"
>;

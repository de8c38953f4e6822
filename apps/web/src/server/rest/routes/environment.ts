// Environment variables, Airflow connections and Airflow variables, at deployment and at
// workspace scope: the same five operations (six with .env import) for each, named in the
// path by their key or connection id.
import type { z } from "zod";
import * as connectionCreate from "../../trpc/routers/airflow-connection/create.ts";
import * as connectionDelete from "../../trpc/routers/airflow-connection/delete.ts";
import * as connectionGet from "../../trpc/routers/airflow-connection/get.ts";
import * as connectionList from "../../trpc/routers/airflow-connection/list.ts";
import * as connectionUpdate from "../../trpc/routers/airflow-connection/update.ts";
import * as variableCreate from "../../trpc/routers/airflow-variable/create.ts";
import * as variableDelete from "../../trpc/routers/airflow-variable/delete.ts";
import * as variableGet from "../../trpc/routers/airflow-variable/get.ts";
import * as variableList from "../../trpc/routers/airflow-variable/list.ts";
import * as variableUpdate from "../../trpc/routers/airflow-variable/update.ts";
import {
  deploymentEnvironmentGetInput,
  deploymentEnvironmentGetOutput,
} from "../../trpc/routers/deployment-environment/get.ts";
import * as envCreate from "../../trpc/routers/environment-variable/create.ts";
import * as envDelete from "../../trpc/routers/environment-variable/delete.ts";
import * as envGet from "../../trpc/routers/environment-variable/get.ts";
import * as envImport from "../../trpc/routers/environment-variable/import.ts";
import * as envList from "../../trpc/routers/environment-variable/list.ts";
import * as envUpdate from "../../trpc/routers/environment-variable/update.ts";
import { type Caller, defineRoute, type RestRoute } from "../define.ts";

type Scope = "deployment" | "workspace";
type Kind = "environmentVariable" | "airflowConnection" | "airflowVariable";

interface KindSpec {
  /** Path segment of the collection. */
  segment: string;
  /** The path parameter naming one object (also the input field the domain looks it up by). */
  keyParam: "key" | "connectionId";
  singular: string;
  plural: string;
  operationNoun: string;
  tag: string;
  schemas: Record<Scope, Record<"list" | "get" | "create" | "update" | "delete", z.ZodObject>>;
  outputs: Record<"list" | "get" | "create" | "update" | "delete", z.ZodType>;
  procedures: (
    caller: Caller,
    scope: Scope,
  ) => Record<"list" | "get" | "create" | "update" | "delete", (input: never) => Promise<unknown>>;
}

const KINDS: Record<Kind, KindSpec> = {
  environmentVariable: {
    segment: "environment-variables",
    keyParam: "key",
    singular: "environment variable",
    plural: "environment variables",
    operationNoun: "EnvironmentVariable",
    tag: "Environment variables",
    schemas: {
      deployment: {
        list: envList.environmentVariableDeploymentListInput,
        get: envGet.environmentVariableDeploymentGetInput,
        create: envCreate.environmentVariableDeploymentCreateInput,
        update: envUpdate.environmentVariableDeploymentUpdateInput,
        delete: envDelete.environmentVariableDeploymentDeleteInput,
      },
      workspace: {
        list: envList.environmentVariableWorkspaceListInput,
        get: envGet.environmentVariableWorkspaceGetInput,
        create: envCreate.environmentVariableWorkspaceCreateInput,
        update: envUpdate.environmentVariableWorkspaceUpdateInput,
        delete: envDelete.environmentVariableWorkspaceDeleteInput,
      },
    },
    outputs: {
      list: envList.environmentVariableListOutput,
      get: envGet.environmentVariableGetOutput,
      create: envCreate.environmentVariableCreateOutput,
      update: envUpdate.environmentVariableUpdateOutput,
      delete: envDelete.environmentVariableDeleteOutput,
    },
    procedures: (caller, scope) => caller.environmentVariable[scope],
  },
  airflowConnection: {
    segment: "airflow-connections",
    keyParam: "connectionId",
    singular: "Airflow connection",
    plural: "Airflow connections",
    operationNoun: "AirflowConnection",
    tag: "Airflow connections",
    schemas: {
      deployment: {
        list: connectionList.airflowConnectionDeploymentListInput,
        get: connectionGet.airflowConnectionDeploymentGetInput,
        create: connectionCreate.airflowConnectionDeploymentCreateInput,
        update: connectionUpdate.airflowConnectionDeploymentUpdateInput,
        delete: connectionDelete.airflowConnectionDeploymentDeleteInput,
      },
      workspace: {
        list: connectionList.airflowConnectionWorkspaceListInput,
        get: connectionGet.airflowConnectionWorkspaceGetInput,
        create: connectionCreate.airflowConnectionWorkspaceCreateInput,
        update: connectionUpdate.airflowConnectionWorkspaceUpdateInput,
        delete: connectionDelete.airflowConnectionWorkspaceDeleteInput,
      },
    },
    outputs: {
      list: connectionList.airflowConnectionListOutput,
      get: connectionGet.airflowConnectionGetOutput,
      create: connectionCreate.airflowConnectionCreateOutput,
      update: connectionUpdate.airflowConnectionUpdateOutput,
      delete: connectionDelete.airflowConnectionDeleteOutput,
    },
    procedures: (caller, scope) => caller.airflowConnection[scope],
  },
  airflowVariable: {
    segment: "airflow-variables",
    keyParam: "key",
    singular: "Airflow variable",
    plural: "Airflow variables",
    operationNoun: "AirflowVariable",
    tag: "Airflow variables",
    schemas: {
      deployment: {
        list: variableList.airflowVariableDeploymentListInput,
        get: variableGet.airflowVariableDeploymentGetInput,
        create: variableCreate.airflowVariableDeploymentCreateInput,
        update: variableUpdate.airflowVariableDeploymentUpdateInput,
        delete: variableDelete.airflowVariableDeploymentDeleteInput,
      },
      workspace: {
        list: variableList.airflowVariableWorkspaceListInput,
        get: variableGet.airflowVariableWorkspaceGetInput,
        create: variableCreate.airflowVariableWorkspaceCreateInput,
        update: variableUpdate.airflowVariableWorkspaceUpdateInput,
        delete: variableDelete.airflowVariableWorkspaceDeleteInput,
      },
    },
    outputs: {
      list: variableList.airflowVariableListOutput,
      get: variableGet.airflowVariableGetOutput,
      create: variableCreate.airflowVariableCreateOutput,
      update: variableUpdate.airflowVariableUpdateOutput,
      delete: variableDelete.airflowVariableDeleteOutput,
    },
    procedures: (caller, scope) => caller.airflowVariable[scope],
  },
};

const SCOPE_PATH: Record<Scope, string> = {
  deployment: "/organizations/{organizationId}/deployments/{deploymentId}",
  workspace: "/organizations/{organizationId}/workspaces/{workspaceId}",
};

/** In the REST API an object is named by its key in the path, never by the internal id. */
function byKey(schema: z.ZodObject): z.ZodObject {
  return "id" in schema.shape ? schema.omit({ id: true }) : schema;
}

function routesFor(kind: KindSpec, scope: Scope): RestRoute[] {
  const collection = `${SCOPE_PATH[scope]}/${kind.segment}`;
  const item = `${collection}/{${kind.keyParam}}`;
  const Scope = scope === "deployment" ? "Deployment" : "Workspace";
  const owner = scope === "deployment" ? "a deployment's" : "a workspace's";
  const run =
    (operation: "list" | "get" | "create" | "update" | "delete") =>
    ({ caller, input }: { caller: Caller; input: unknown }) =>
      kind.procedures(caller, scope)[operation](input as never) as Promise<never>;
  const schemas = kind.schemas[scope];
  return [
    defineRoute({
      method: "GET",
      path: collection,
      operationId: `list${Scope}${kind.operationNoun}s`,
      summary: `List ${owner} ${kind.plural} (secret values masked; members see names only)`,
      tag: kind.tag,
      input: schemas.list,
      output: kind.outputs.list,
      paginated: true,
      handle: run("list"),
    }),
    defineRoute({
      method: "POST",
      path: collection,
      operationId: `create${Scope}${kind.operationNoun}`,
      summary: `Add an ${kind.singular} to ${scope === "deployment" ? "a deployment" : "a workspace"}; affected deployments are reconciled`,
      tag: kind.tag,
      input: schemas.create,
      output: kind.outputs.create,
      idempotent: true,
      handle: run("create"),
    }),
    defineRoute({
      method: "GET",
      path: item,
      operationId: `get${Scope}${kind.operationNoun}`,
      summary: `One of ${owner} ${kind.plural}`,
      tag: kind.tag,
      input: byKey(schemas.get),
      output: kind.outputs.get,
      handle: run("get"),
    }),
    defineRoute({
      method: "PATCH",
      path: item,
      operationId: `update${Scope}${kind.operationNoun}`,
      summary: `Change an ${kind.singular}; a secret sent without a new value keeps the old one`,
      tag: kind.tag,
      input: byKey(schemas.update),
      output: kind.outputs.update,
      handle: run("update"),
    }),
    defineRoute({
      method: "DELETE",
      path: item,
      operationId: `delete${Scope}${kind.operationNoun}`,
      summary: `Delete an ${kind.singular}`,
      tag: kind.tag,
      input: byKey(schemas.delete),
      output: kind.outputs.delete,
      handle: run("delete"),
    }),
  ];
}

export const environmentRoutes: RestRoute[] = [
  ...(["deployment", "workspace"] as const).flatMap((scope) =>
    Object.values(KINDS).flatMap((kind) => routesFor(kind, scope)),
  ),
  defineRoute({
    method: "POST",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/environment-variables/import",
    operationId: "importDeploymentEnvironmentVariables",
    summary: "Import a .env file into a deployment's environment variables (all lines or none)",
    tag: "Environment variables",
    input: envImport.environmentVariableDeploymentImportInput,
    output: envImport.environmentVariableImportOutput,
    status: 200,
    handle: ({ caller, input }) => caller.environmentVariable.deployment.import(input),
  }),
  defineRoute({
    method: "POST",
    path: "/organizations/{organizationId}/workspaces/{workspaceId}/environment-variables/import",
    operationId: "importWorkspaceEnvironmentVariables",
    summary: "Import a .env file into a workspace's environment variables (all lines or none)",
    tag: "Environment variables",
    input: envImport.environmentVariableWorkspaceImportInput,
    output: envImport.environmentVariableImportOutput,
    status: 200,
    handle: ({ caller, input }) => caller.environmentVariable.workspace.import(input),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/environment",
    operationId: "getDeploymentEnvironment",
    summary: "What a deployment receives: its own and its workspace's objects, which one wins, and the size",
    tag: "Environment variables",
    input: deploymentEnvironmentGetInput,
    output: deploymentEnvironmentGetOutput,
    handle: ({ caller, input }) => caller.deploymentEnvironment.get(input),
  }),
];

// Environment variables, Airflow connections and Airflow variables. One definition per kind,
// generated over the two owners: /organizations/{organizationId}/deployments/{deploymentId}/…
// and /organizations/{organizationId}/workspaces/{workspaceId}/…. Objects are named in the path
// by their key or connection id. Each route calls the kind's one procedure with the `owner` the
// path names; the schemas are the domain's contracts, flattened to the path's parameters.
//
//   GET    …/{kind}            one page, in key order ({ items, nextCursor }; ?cursor=&limit=), read
//                              in the database query
//   POST   …/{kind}            add one
//   PATCH  …/{kind}            bulk update: set several at once, all or none
//   GET    …/{kind}/{key}      one
//   PATCH  …/{kind}/{key}      change one
//   DELETE …/{kind}/{key}      delete one
//   POST   …/environment-variables/import   a .env file, all lines or none
import {
  airflowConnectionContracts,
  airflowConnectionViewSchema,
  airflowVariableContracts,
  airflowVariableViewSchema,
  deploymentEnvironmentInput,
  deploymentEnvironmentViewSchema,
  environmentVariableContracts,
  environmentVariableViewSchema,
  OWNER_KINDS,
  type OwnerKind,
} from "@skyport/domain";
import { z } from "zod";
import { type Caller, defineRoute, type RestRoute } from "../define.ts";

type Operation = "list" | "get" | "create" | "update" | "delete" | "bulkUpdate" | "import";

interface KindDefinition {
  /** Path segment of the collection. */
  segment: string;
  /** The path parameter naming one object (also the input field the domain looks it up by). */
  keyParam: "key" | "connectionId";
  singular: string;
  plural: string;
  operationNoun: string;
  tag: string;
  /** The procedures' input schemas (with `owner`) and answers, by operation. */
  inputs: Partial<Record<Operation, z.ZodObject>>;
  outputs: Partial<Record<Operation, z.ZodType>>;
  procedures(caller: Caller): Partial<Record<Operation, (input: never) => Promise<unknown>>>;
}

const KINDS: KindDefinition[] = [
  {
    segment: "environment-variables",
    keyParam: "key",
    singular: "environment variable",
    plural: "environment variables",
    operationNoun: "EnvironmentVariable",
    tag: "Environment variables",
    inputs: {
      list: environmentVariableContracts.listInput,
      get: environmentVariableContracts.getInput,
      create: environmentVariableContracts.createInput,
      update: environmentVariableContracts.updateInput,
      delete: environmentVariableContracts.deleteInput,
      bulkUpdate: environmentVariableContracts.bulkInput,
      import: environmentVariableContracts.importInput,
    },
    outputs: {
      list: environmentVariableContracts.listOutput,
      get: environmentVariableViewSchema,
      create: environmentVariableContracts.changeOutput,
      update: environmentVariableContracts.changeOutput,
      delete: environmentVariableContracts.deleteOutput,
      bulkUpdate: environmentVariableContracts.bulkOutput,
      import: environmentVariableContracts.importOutput,
    },
    procedures: (caller) => caller.environmentVariable,
  },
  {
    segment: "airflow-connections",
    keyParam: "connectionId",
    singular: "Airflow connection",
    plural: "Airflow connections",
    operationNoun: "AirflowConnection",
    tag: "Airflow connections",
    inputs: {
      list: airflowConnectionContracts.listInput,
      get: airflowConnectionContracts.getInput,
      create: airflowConnectionContracts.createInput,
      update: airflowConnectionContracts.updateInput,
      delete: airflowConnectionContracts.deleteInput,
      bulkUpdate: airflowConnectionContracts.bulkInput,
    },
    outputs: {
      list: airflowConnectionContracts.listOutput,
      get: airflowConnectionViewSchema,
      create: airflowConnectionContracts.changeOutput,
      update: airflowConnectionContracts.changeOutput,
      delete: airflowConnectionContracts.deleteOutput,
      bulkUpdate: airflowConnectionContracts.bulkOutput,
    },
    procedures: (caller) => caller.airflowConnection,
  },
  {
    segment: "airflow-variables",
    keyParam: "key",
    singular: "Airflow variable",
    plural: "Airflow variables",
    operationNoun: "AirflowVariable",
    tag: "Airflow variables",
    inputs: {
      list: airflowVariableContracts.listInput,
      get: airflowVariableContracts.getInput,
      create: airflowVariableContracts.createInput,
      update: airflowVariableContracts.updateInput,
      delete: airflowVariableContracts.deleteInput,
      bulkUpdate: airflowVariableContracts.bulkInput,
    },
    outputs: {
      list: airflowVariableContracts.listOutput,
      get: airflowVariableViewSchema,
      create: airflowVariableContracts.changeOutput,
      update: airflowVariableContracts.changeOutput,
      delete: airflowVariableContracts.deleteOutput,
      bulkUpdate: airflowVariableContracts.bulkOutput,
    },
    procedures: (caller) => caller.airflowVariable,
  },
];

const idParameter = z.string().trim().min(1, "is required").max(64, "is not a valid id");

interface OwnerDefinition {
  path: string;
  /** The path parameters naming the owner. */
  params: z.ZodRawShape;
  /** Operation ids and summaries: "Deployment", "a deployment's". */
  noun: string;
  whose: string;
  article: string;
  toOwner(input: Record<string, unknown>): Record<string, unknown>;
}

/** A deployment and a workspace own environment objects alike: only their names differ. */
function ownerDefinition(kind: OwnerKind): OwnerDefinition {
  const idField = `${kind}Id`;
  return {
    path: `/organizations/{organizationId}/${kind}s/{${idField}}`,
    params: { organizationId: idParameter, [idField]: idParameter },
    noun: `${kind[0]?.toUpperCase()}${kind.slice(1)}`,
    whose: `a ${kind}'s`,
    article: `a ${kind}`,
    toOwner: ({ organizationId, [idField]: ownerId, ...rest }) => ({
      owner: { kind, organizationId, [idField]: ownerId },
      ...rest,
    }),
  };
}

const OWNERS: Record<OwnerKind, OwnerDefinition> = {
  deployment: ownerDefinition("deployment"),
  workspace: ownerDefinition("workspace"),
};

const LINK_FIELDS = ["linkAllDeployments", "linkedDeploymentIds"] as const;

/**
 * The REST input of an operation at one owner: the procedure's fields with the owner's path
 * parameters instead of `owner`, without the internal `id` (the path names the object by its
 * key), and without links on a deployment (its own objects reach only it).
 */
function restInput(schema: z.ZodObject, owner: OwnerKind, byKey: boolean): z.ZodObject {
  // A paginated route reads cursor and limit from the query string itself (define.ts).
  const dropped = ["owner", "cursor", "limit", ...(byKey ? ["id"] : [])];
  if (owner === "deployment") dropped.push(...LINK_FIELDS);
  const omit: Record<string, true> = {};
  for (const field of dropped) if (field in schema.shape) omit[field] = true;
  return schema.omit(omit).extend(OWNERS[owner].params);
}

function routesFor(kind: KindDefinition, ownerKind: OwnerKind): RestRoute[] {
  const owner = OWNERS[ownerKind];
  const collection = `${owner.path}/${kind.segment}`;
  const item = `${collection}/{${kind.keyParam}}`;
  const route = (
    operation: Operation,
    options: {
      method: RestRoute["method"];
      path: string;
      operationId: string;
      summary: string;
      status?: RestRoute["status"];
      idempotent?: boolean;
      paginated?: true;
    },
  ): RestRoute[] => {
    const input = kind.inputs[operation];
    const output = kind.outputs[operation];
    if (!input || !output) return [];
    return [
      defineRoute({
        ...options,
        tag: kind.tag,
        input: restInput(input, ownerKind, options.path === item),
        output,
        handle: ({ caller, input }) => {
          const procedure = kind.procedures(caller)[operation] as (input: unknown) => Promise<never>;
          return procedure(owner.toOwner(input));
        },
      }),
    ];
  };
  return [
    ...route("list", {
      method: "GET",
      path: collection,
      operationId: `list${owner.noun}${kind.operationNoun}s`,
      summary: `List ${owner.whose} ${kind.plural} in key order (secret values masked; members see names only)`,
      paginated: true,
    }),
    ...route("create", {
      method: "POST",
      path: collection,
      operationId: `create${owner.noun}${kind.operationNoun}`,
      summary: `Add an ${kind.singular} to ${owner.article}; affected deployments are reconciled`,
      idempotent: true,
    }),
    ...route("bulkUpdate", {
      method: "PATCH",
      path: collection,
      operationId: `bulkUpdate${owner.noun}${kind.operationNoun}s`,
      summary: `Set several of ${owner.whose} ${kind.plural} at once, all or none (mode upsert, create or update); every problem is reported at once`,
    }),
    ...route("import", {
      method: "POST",
      path: `${collection}/import`,
      operationId: `import${owner.noun}${kind.operationNoun}s`,
      summary: `Import a .env file into ${owner.whose} ${kind.plural} (all lines or none)`,
      status: 200,
    }),
    ...route("get", {
      method: "GET",
      path: item,
      operationId: `get${owner.noun}${kind.operationNoun}`,
      summary: `One of ${owner.whose} ${kind.plural}`,
    }),
    ...route("update", {
      method: "PATCH",
      path: item,
      operationId: `update${owner.noun}${kind.operationNoun}`,
      summary: `Change an ${kind.singular}; a secret sent without a new value keeps the old one`,
    }),
    ...route("delete", {
      method: "DELETE",
      path: item,
      operationId: `delete${owner.noun}${kind.operationNoun}`,
      summary: `Delete an ${kind.singular}`,
    }),
  ];
}

export const environmentRoutes: RestRoute[] = [
  ...OWNER_KINDS.flatMap((owner) => KINDS.flatMap((kind) => routesFor(kind, owner))),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/environment",
    operationId: "getDeploymentEnvironment",
    summary: "What a deployment receives: its own and its workspace's objects, which one wins, and the size",
    tag: "Environment variables",
    input: deploymentEnvironmentInput,
    output: deploymentEnvironmentViewSchema,
    handle: ({ caller, input }) => caller.deploymentEnvironment.get(input),
  }),
];

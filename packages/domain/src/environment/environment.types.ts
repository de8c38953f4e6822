// The contracts of the environment operations: who owns the objects (a deployment or a
// workspace), the shapes every kind shares (links, pages, what a change answers) and the views.
// tRPC `.input()/.output()` and the REST routes use these schemas; the per-kind inputs are in
// key-value.types.ts and airflow-connection.types.ts. Inputs stay permissive where the domain
// checks the content, so every problem of a request comes back at once in the user's words.
import { z } from "zod";
import { MAX_LINKED_DEPLOYMENTS } from "./links.ts";

/** Ids are cuids or UUIDs; anything longer cannot name an object. */
export const environmentIdSchema = z.string().trim().min(1, "is required").max(64, "is not a valid id");

export const deploymentOwnerSchema = z
  .object({
    kind: z.literal("deployment"),
    organizationId: environmentIdSchema.describe("organization"),
    deploymentId: environmentIdSchema.describe("deployment"),
  })
  .describe("a deployment's own objects");

export const workspaceOwnerSchema = z
  .object({
    kind: z.literal("workspace"),
    organizationId: environmentIdSchema.describe("organization"),
    workspaceId: environmentIdSchema.describe("workspace"),
  })
  .describe("a workspace's objects, delivered to all of its deployments or to chosen ones");

/** Whose environment objects: one deployment's own, or a workspace's. */
export const environmentOwnerSchema = z.discriminatedUnion("kind", [
  deploymentOwnerSchema,
  workspaceOwnerSchema,
]);

export type EnvironmentOwner = z.infer<typeof environmentOwnerSchema>;
export type OwnerKind = EnvironmentOwner["kind"];
export const OWNER_KINDS = ["deployment", "workspace"] as const satisfies readonly OwnerKind[];

/** Workspace objects only: which deployments receive them. */
export const linksInputShape = {
  linkAllDeployments: z
    .boolean()
    .optional()
    .describe("deliver to every deployment of the workspace, present and future"),
  linkedDeploymentIds: z
    .array(z.string())
    .max(MAX_LINKED_DEPLOYMENTS)
    .optional()
    .describe("deliver to these deployments of the workspace"),
};

export const scopeSchema = z.enum(["DEPLOYMENT", "WORKSPACE"]);

export const linksViewShape = {
  linkAllDeployments: z.boolean(),
  linkedDeploymentIds: z.array(z.string()),
};

/** What every change answers besides the object. */
export const environmentChangeShape = {
  /** Deployments whose delivered environment changed; each is reconciled. */
  affectedDeploymentIds: z.array(z.string()),
  /** False when a reconcile could not be queued; the worker's sweep delivers the change later. */
  reconcileQueued: z.boolean(),
};

/** What every environment object shows of itself and its owner (a workspace, or a deployment in it). */
const ownedViewShape = {
  id: z.string(),
  scope: scopeSchema,
  workspaceId: z.string(),
  deploymentId: z.string().nullable(),
};

/**
 * An environment variable or Airflow variable as shown: `value` is null and `masked` true for
 * secret values (always) and for callers who may see names only.
 */
export const keyValueViewSchema = z.object({
  ...ownedViewShape,
  key: z.string(),
  isSecret: z.boolean(),
  value: z.string().nullable(),
  masked: z.boolean(),
  valueVersion: z.number().int(),
  ...linksViewShape,
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const environmentVariableViewSchema = keyValueViewSchema;
export const airflowVariableViewSchema = keyValueViewSchema.extend({ description: z.string() });

/**
 * A connection as shown: the password never (only `passwordSet`), extra fields named in
 * secretExtraFields as null; names-only callers get the id, type and description alone.
 */
export const airflowConnectionViewSchema = z.object({
  ...ownedViewShape,
  connectionId: z.string(),
  connType: z.string(),
  description: z.string(),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  login: z.string().nullable(),
  schema: z.string().nullable(),
  password: z.null(),
  passwordSet: z.boolean(),
  extra: z.record(z.string(), z.unknown()).nullable(),
  secretExtraFields: z.array(z.string()),
  masked: z.boolean(),
  valueVersion: z.number().int(),
  ...linksViewShape,
  createdAt: z.date(),
  updatedAt: z.date(),
});

const deliveredObjectSchema = z.object({
  kind: z.enum(["environmentVariable", "airflowConnection", "airflowVariable"]),
  /** The environment variable it arrives as (AIRFLOW_CONN_<ID>, AIRFLOW_VAR_<KEY>, or the key). */
  name: z.string(),
  key: z.string(),
  id: z.string(),
  scope: scopeSchema,
  isSecret: z.boolean(),
  value: z.string().nullable(),
  masked: z.boolean(),
  valueVersion: z.number().int(),
});

/** What a deployment receives: its workspace's linked objects overridden by its own. */
export const deploymentEnvironmentInput = z.object({
  organizationId: environmentIdSchema.describe("organization"),
  deploymentId: environmentIdSchema.describe("deployment"),
});
export const deploymentEnvironmentViewSchema = z.object({
  deploymentId: z.string(),
  delivered: z.array(deliveredObjectSchema),
  overridden: z.array(deliveredObjectSchema),
  totalBytes: z.number().int(),
  limitBytes: z.number().int(),
});

// Schemas shared by the environment routers (environment variables, Airflow connections and
// variables, and what a deployment receives). Inputs stay permissive where the domain checks the
// content, so every problem comes back at once as `data.fieldErrors` with dotted field names.
import { MAX_LINKED_DEPLOYMENTS } from "@skyport/domain";
import { z } from "zod";
import type { TRPCContext } from "../../context.ts";
import { idSchema, organizationIdSchema } from "../workspace/schemas.ts";

export { idSchema, organizationIdSchema };

/** A deployment's own objects. */
export const deploymentOwnerSchema = z.object({
  organizationId: organizationIdSchema,
  deploymentId: idSchema,
});

/** A workspace's objects (linked to all of its deployments or chosen ones). */
export const workspaceOwnerSchema = z.object({ organizationId: organizationIdSchema, workspaceId: idSchema });

/** Workspace objects only: which deployments receive them. */
export const linksInputShape = {
  linkAllDeployments: z.boolean().optional(),
  linkedDeploymentIds: z.array(z.string()).max(MAX_LINKED_DEPLOYMENTS).optional(),
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

/**
 * An environment variable or Airflow variable as shown: `value` is null and `masked` true for
 * secret values (always) and for callers who may see names only.
 */
export const keyValueViewSchema = z.object({
  id: z.string(),
  scope: scopeSchema,
  workspaceId: z.string(),
  deploymentId: z.string().nullable(),
  key: z.string(),
  isSecret: z.boolean(),
  value: z.string().nullable(),
  masked: z.boolean(),
  valueVersion: z.number().int(),
  ...linksViewShape,
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** What environment procedures hand the domain besides the caller: sealing and the queue. */
export function environmentServices(ctx: Pick<TRPCContext, "services">) {
  return { secrets: ctx.services.secrets, jobs: ctx.services.jobs };
}

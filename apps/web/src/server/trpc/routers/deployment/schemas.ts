import { DEPLOYMENT_STATUSES, EXECUTORS, SIZES } from "@skyport/domain";
import { z } from "zod";
import type { TRPCContext } from "../../context.ts";
import { idSchema, organizationIdSchema } from "../workspace/schemas.ts";

export { idSchema, organizationIdSchema };

/**
 * The spec fields of a request (everything but the name and description). The domain
 * validates them, so every problem comes back at once as `data.fieldErrors`, keyed by dotted
 * path (`spec.workerQueues.1.maxWorkers`, `spec.airflowConfigOverrides.0.key`).
 */
export const specInputSchema = z.record(z.string(), z.unknown(), { message: "must be an object" });

export const deploymentRefSchema = z.object({ organizationId: organizationIdSchema, deploymentId: idSchema });

const sizeSchema = z.enum(SIZES);

/** A stored, normalised deployment spec. */
export const deploymentSpecSchema = z.object({
  name: z.string(),
  description: z.string(),
  runtimeVersion: z.string(),
  executor: z.enum(EXECUTORS),
  schedulerSize: sizeSchema,
  highAvailability: z.boolean(),
  workerQueues: z
    .array(
      z.object({
        name: z.string(),
        workerSize: sizeSchema,
        minWorkers: z.number().int(),
        maxWorkers: z.number().int(),
        workerConcurrency: z.number().int(),
      }),
    )
    .readonly(),
  airflowConfigOverrides: z
    .array(z.object({ section: z.string(), key: z.string(), value: z.string() }))
    .readonly(),
  contactEmails: z.array(z.string()).readonly(),
});

export const deploymentViewSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  workspaceId: z.string(),
  name: z.string(),
  description: z.string(),
  spec: deploymentSpecSchema,
  generation: z.number().int(),
  observedGeneration: z.number().int(),
  status: z.enum(DEPLOYMENT_STATUSES),
  statusReason: z.string(),
  namespace: z.string(),
  airflowUrl: z.string(),
  runtime: z
    .object({
      version: z.string(),
      major: z.union([z.literal(2), z.literal(3)]),
      line: z.string(),
      python: z.string(),
      image: z.string(),
    })
    .nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  deletedAt: z.date().nullable(),
});

export const deploymentChangeSchema = z.object({
  deployment: deploymentViewSchema,
  /** False when the reconcile job could not be queued; the worker's sweep picks the change up. */
  reconcileQueued: z.boolean(),
});

/** What deployment procedures hand the domain besides the caller: the queue and the base domain. */
export function deploymentServices(ctx: Pick<TRPCContext, "services">) {
  return { jobs: ctx.services.jobs, baseDomain: ctx.services.config.SKYPORT_BASE_DOMAIN };
}

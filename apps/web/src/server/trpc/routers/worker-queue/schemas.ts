import { SIZES } from "@skyport/domain";
import { z } from "zod";
import { deploymentRefSchema } from "../deployment/schemas.ts";

/** A queue's name within its deployment; the domain checks it as a DNS label. */
export const queueNameSchema = z.string().max(63, "must be at most 63 characters");

/**
 * Settings a request may give; the domain's spec parser checks ranges and relations
 * (minWorkers ≤ maxWorkers) and reports each problem under the field's own name.
 */
export const queueSettingsSchema = z.object({
  workerSize: z.enum(SIZES).optional(),
  minWorkers: z.number().int().optional(),
  maxWorkers: z.number().int().optional(),
  workerConcurrency: z.number().int().optional(),
});

export const workerQueueRefSchema = deploymentRefSchema.extend({ name: queueNameSchema });

export const workerQueueSchema = z.object({
  name: z.string(),
  workerSize: z.enum(SIZES),
  minWorkers: z.number().int(),
  maxWorkers: z.number().int(),
  /** Null: the deployment's celery.worker_concurrency override, else Airflow's 16. */
  workerConcurrency: z.number().int().nullable(),
});

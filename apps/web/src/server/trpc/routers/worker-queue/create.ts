import { createWorkerQueue } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";
import { deploymentChangeSchema, deploymentServices } from "../deployment/schemas.ts";
import { queueSettingsSchema, workerQueueRefSchema } from "./schemas.ts";

export const workerQueueCreateInput = workerQueueRefSchema.extend(queueSettingsSchema.shape);
export const workerQueueCreateOutput = deploymentChangeSchema;

/** Adds a worker queue to a Celery deployment; a new generation to reconcile. */
export const workerQueueCreate = protectedProcedure
  .meta({ permission: "deployment.update" })
  .input(workerQueueCreateInput)
  .output(workerQueueCreateOutput)
  .mutation(({ ctx, input }) => createWorkerQueue(ctx.domain, input, deploymentServices(ctx)));

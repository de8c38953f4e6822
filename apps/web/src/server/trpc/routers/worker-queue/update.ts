import { updateWorkerQueue } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";
import { deploymentChangeSchema, deploymentServices } from "../deployment/schemas.ts";
import { queueSettingsSchema, workerQueueRefSchema } from "./schemas.ts";

export const workerQueueUpdateInput = workerQueueRefSchema.extend(queueSettingsSchema.shape);
export const workerQueueUpdateOutput = deploymentChangeSchema;

/** Changes some of a worker queue's settings; omitted ones keep their values. */
export const workerQueueUpdate = protectedProcedure
  .meta({ permission: "deployment.update" })
  .input(workerQueueUpdateInput)
  .output(workerQueueUpdateOutput)
  .mutation(({ ctx, input }) => updateWorkerQueue(ctx.domain, input, deploymentServices(ctx)));

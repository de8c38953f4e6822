import { deleteWorkerQueue } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";
import { deploymentChangeSchema, deploymentServices } from "../deployment/schemas.ts";
import { workerQueueRefSchema } from "./schemas.ts";

export const workerQueueDeleteInput = workerQueueRefSchema;
export const workerQueueDeleteOutput = deploymentChangeSchema;

/** Removes a worker queue (never `default`); its workers go at the next reconcile. */
export const workerQueueDelete = protectedProcedure
  .meta({ permission: "deployment.update" })
  .input(workerQueueDeleteInput)
  .output(workerQueueDeleteOutput)
  .mutation(({ ctx, input }) => deleteWorkerQueue(ctx.domain, input, deploymentServices(ctx)));

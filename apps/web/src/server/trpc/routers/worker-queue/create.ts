import { createWorkerQueue, deploymentChangeSchema, workerQueueInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";
import { deploymentServices } from "../deployment/services.ts";

/** Adds a worker queue to a Celery deployment; a new generation to reconcile. */
export const workerQueueCreate = protectedProcedure
  .meta({ permission: "deployment.update" })
  .input(workerQueueInput)
  .output(outputView(deploymentChangeSchema))
  .mutation(({ ctx, input }) => createWorkerQueue(ctx.domain, input, deploymentServices(ctx)));

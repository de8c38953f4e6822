import { deleteWorkerQueue, deploymentChangeSchema, workerQueueRefSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";
import { deploymentServices } from "../deployment/services.ts";

/** Removes a worker queue (never `default`); its workers go at the next reconcile. */
export const workerQueueDelete = protectedProcedure
  .meta({ permission: "deployment.update" })
  .input(workerQueueRefSchema)
  .output(outputView(deploymentChangeSchema))
  .mutation(({ ctx, input }) => deleteWorkerQueue(ctx.domain, input, deploymentServices(ctx)));

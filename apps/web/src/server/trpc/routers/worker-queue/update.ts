import { deploymentChangeSchema, updateWorkerQueue, workerQueueInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";
import { deploymentServices } from "../deployment/services.ts";

/** Changes some of a worker queue's settings; omitted ones keep their values. */
export const workerQueueUpdate = protectedProcedure
  .meta({ permission: "deployment.update" })
  .input(workerQueueInput)
  .output(outputView(deploymentChangeSchema))
  .mutation(({ ctx, input }) => updateWorkerQueue(ctx.domain, input, deploymentServices(ctx)));

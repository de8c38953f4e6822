import { listWorkerQueues, listWorkerQueuesInput, pageSchema, workerQueueSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";
import { deploymentServices } from "../deployment/services.ts";

/** A page of a deployment's worker queues with their sizes and autoscaling bounds, by name. */
export const workerQueueList = protectedProcedure
  .meta({ permission: "deployment.read" })
  .input(listWorkerQueuesInput)
  .output(outputView(pageSchema(workerQueueSchema)))
  .query(async ({ ctx, input }) => {
    const page = await listWorkerQueues(ctx.domain, input, deploymentServices(ctx));
    return {
      items: page.items.map((queue) => ({ ...queue, workerConcurrency: queue.workerConcurrency ?? null })),
      nextCursor: page.nextCursor,
    };
  });

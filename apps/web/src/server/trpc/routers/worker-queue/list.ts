import { listWorkerQueues, pageInputShape, pageSchema } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";
import { deploymentRefSchema, deploymentServices } from "../deployment/schemas.ts";
import { workerQueueSchema } from "./schemas.ts";

export const workerQueueListInput = deploymentRefSchema.extend(pageInputShape);
export const workerQueueListOutput = pageSchema(workerQueueSchema);

/** A page of a deployment's worker queues with their sizes and autoscaling bounds, by name. */
export const workerQueueList = protectedProcedure
  .meta({ permission: "deployment.read" })
  .input(workerQueueListInput)
  .output(workerQueueListOutput)
  .query(async ({ ctx, input }) => {
    const page = await listWorkerQueues(ctx.domain, input, deploymentServices(ctx));
    return {
      items: page.items.map((queue) => ({ ...queue, workerConcurrency: queue.workerConcurrency ?? null })),
      nextCursor: page.nextCursor,
    };
  });

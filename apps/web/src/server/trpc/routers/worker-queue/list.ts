import { getDeployment } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { deploymentRefSchema, deploymentServices } from "../deployment/schemas.ts";
import { workerQueueSchema } from "./schemas.ts";

export const workerQueueListInput = deploymentRefSchema;
export const workerQueueListOutput = z.array(workerQueueSchema);

/** A deployment's worker queues with their sizes and autoscaling bounds. */
export const workerQueueList = protectedProcedure
  .meta({ permission: "deployment.read" })
  .input(workerQueueListInput)
  .output(workerQueueListOutput)
  .query(async ({ ctx, input }) => {
    const deployment = await getDeployment(ctx.domain, input, deploymentServices(ctx));
    return deployment.spec.workerQueues.map((queue) => ({
      ...queue,
      workerConcurrency: queue.workerConcurrency ?? null,
    }));
  });

import { deploymentRefSchema, getDeployment, workerQueueSchema } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { deploymentServices } from "../deployment/services.ts";

/** A deployment's worker queues with their sizes and autoscaling bounds. */
export const workerQueueList = protectedProcedure
  .meta({ permission: "deployment.read" })
  .input(deploymentRefSchema)
  .output(z.array(workerQueueSchema))
  .query(async ({ ctx, input }) => {
    const deployment = await getDeployment(ctx.domain, input, deploymentServices(ctx));
    return deployment.spec.workerQueues.map((queue) => ({
      ...queue,
      workerConcurrency: queue.workerConcurrency ?? null,
    }));
  });

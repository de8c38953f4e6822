import { deleteDeployment } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { deploymentChangeSchema, deploymentRefSchema, deploymentServices } from "./schemas.ts";

export const deploymentDeleteInput = deploymentRefSchema.extend({
  /** The deployment's name, typed out by the person deleting it. */
  confirmName: z.string(),
});
export const deploymentDeleteOutput = deploymentChangeSchema;

/** Starts deleting a deployment: the worker removes its runtime, then marks it DELETED. */
export const deploymentDelete = protectedProcedure
  .meta({ permission: "deployment.delete" })
  .input(deploymentDeleteInput)
  .output(deploymentDeleteOutput)
  .mutation(({ ctx, input }) => deleteDeployment(ctx.domain, input, deploymentServices(ctx)));

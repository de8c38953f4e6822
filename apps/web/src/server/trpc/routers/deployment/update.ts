import { updateDeployment } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentChangeSchema,
  deploymentRefSchema,
  deploymentServices,
  specInputSchema,
} from "./schemas.ts";

export const deploymentUpdateInput = deploymentRefSchema.extend({
  description: z.string().optional(),
  /** The complete desired spec (not a patch); omit it to change only the description. */
  spec: specInputSchema.optional(),
});
export const deploymentUpdateOutput = deploymentChangeSchema;

/** Changes a deployment's description and/or spec; a spec change is a new generation to reconcile. */
export const deploymentUpdate = protectedProcedure
  .meta({ permission: "deployment.update" })
  .input(deploymentUpdateInput)
  .output(deploymentUpdateOutput)
  .mutation(({ ctx, input }) => updateDeployment(ctx.domain, input, deploymentServices(ctx)));

import { deleteDeployment, deleteDeploymentInput, deploymentChangeSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";
import { deploymentServices } from "./services.ts";

/** Starts deleting a deployment: the worker removes its runtime, then marks it DELETED. */
export const deploymentDelete = protectedProcedure
  .meta({ permission: "deployment.delete" })
  .input(deleteDeploymentInput)
  .output(outputView(deploymentChangeSchema))
  .mutation(({ ctx, input }) => deleteDeployment(ctx.domain, input, deploymentServices(ctx)));

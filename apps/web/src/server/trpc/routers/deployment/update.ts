import { deploymentChangeSchema, updateDeployment, updateDeploymentInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";
import { deploymentServices } from "./services.ts";

/** Changes a deployment's description and/or spec; a spec change is a new generation to reconcile. */
export const deploymentUpdate = protectedProcedure
  .meta({ permission: "deployment.update" })
  .input(updateDeploymentInput)
  .output(outputView(deploymentChangeSchema))
  .mutation(({ ctx, input }) => updateDeployment(ctx.domain, input, deploymentServices(ctx)));

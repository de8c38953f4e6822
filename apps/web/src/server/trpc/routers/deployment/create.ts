import { createDeployment, createDeploymentInput, deploymentChangeSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";
import { deploymentServices } from "./services.ts";

/** Records a new deployment and queues its provisioning. */
export const deploymentCreate = protectedProcedure
  .meta({ permission: "deployment.create" })
  .input(createDeploymentInput)
  .output(outputView(deploymentChangeSchema))
  .mutation(({ ctx, input }) => createDeployment(ctx.domain, input, deploymentServices(ctx)));

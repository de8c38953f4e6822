import { createDeployment, createDeploymentInput, deploymentChangeSchema } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";
import { deploymentServices } from "./services.ts";

/** Records a new deployment and queues its provisioning. */
export const deploymentCreate = protectedProcedure
  .meta({ permission: "deployment.create" })
  .input(createDeploymentInput)
  .output(deploymentChangeSchema)
  .mutation(({ ctx, input }) => createDeployment(ctx.domain, input, deploymentServices(ctx)));

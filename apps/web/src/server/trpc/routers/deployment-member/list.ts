import { listDeploymentAdmins } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { deploymentAdminSchema, deploymentRefSchema } from "./schemas.ts";

export const deploymentMemberListInput = deploymentRefSchema;
export const deploymentMemberListOutput = z.array(deploymentAdminSchema);

/** Users and teams holding DEPLOYMENT_ADMIN on a deployment. */
export const deploymentMemberList = protectedProcedure
  .meta({ permission: "deployment.read" })
  .input(deploymentMemberListInput)
  .output(deploymentMemberListOutput)
  .query(({ ctx, input }) => listDeploymentAdmins(ctx.domain, input));

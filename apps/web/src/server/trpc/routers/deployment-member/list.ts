import { listDeploymentAdmins, pageInputShape, pageSchema } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";
import { deploymentAdminSchema, deploymentRefSchema } from "./schemas.ts";

export const deploymentMemberListInput = deploymentRefSchema.extend(pageInputShape);
export const deploymentMemberListOutput = pageSchema(deploymentAdminSchema);

/** A page of the users and teams holding DEPLOYMENT_ADMIN on a deployment. */
export const deploymentMemberList = protectedProcedure
  .meta({ permission: "deployment.read" })
  .input(deploymentMemberListInput)
  .output(deploymentMemberListOutput)
  .query(({ ctx, input }) => listDeploymentAdmins(ctx.domain, input));

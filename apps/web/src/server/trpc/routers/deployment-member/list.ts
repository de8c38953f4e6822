import { deploymentAdminSchema, listDeploymentAdmins, listDeploymentAdminsInput } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";

/** Users and teams holding DEPLOYMENT_ADMIN on a deployment. */
export const deploymentMemberList = protectedProcedure
  .meta({ permission: "deployment.read" })
  .input(listDeploymentAdminsInput)
  .output(z.array(deploymentAdminSchema))
  .query(({ ctx, input }) => listDeploymentAdmins(ctx.domain, input));

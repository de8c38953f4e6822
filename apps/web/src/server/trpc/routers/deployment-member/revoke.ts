import { deploymentAdminInput, revokeDeploymentAdmin, revokedBindingSchema } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";

/** Takes DEPLOYMENT_ADMIN on one deployment away from a user or team. */
export const deploymentMemberRevoke = protectedProcedure
  .meta({ permission: "deployment.member.manage" })
  .input(deploymentAdminInput)
  .output(revokedBindingSchema)
  .mutation(({ ctx, input }) => revokeDeploymentAdmin(ctx.domain, input));

import { deploymentAdminInput, grantDeploymentAdmin, revokedBindingSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Grants DEPLOYMENT_ADMIN on one deployment to a member or team of the organization. */
export const deploymentMemberGrant = protectedProcedure
  .meta({ permission: "deployment.member.manage" })
  .input(deploymentAdminInput)
  .output(outputView(revokedBindingSchema))
  .mutation(({ ctx, input }) => grantDeploymentAdmin(ctx.domain, input));

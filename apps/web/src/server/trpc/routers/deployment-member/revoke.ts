import { deploymentAdminInput, revokeDeploymentAdmin, revokedBindingSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Takes DEPLOYMENT_ADMIN on one deployment away from a user or team. */
export const deploymentMemberRevoke = protectedProcedure
  .meta({ permission: "deployment.member.manage" })
  .input(deploymentAdminInput)
  .output(outputView(revokedBindingSchema))
  .mutation(({ ctx, input }) => revokeDeploymentAdmin(ctx.domain, input));

import { revokeDeploymentAdmin } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { deploymentSubjectInput } from "./schemas.ts";

export const deploymentMemberRevokeInput = deploymentSubjectInput;
export const deploymentMemberRevokeOutput = z.object({ bindingId: z.string() });

/** Takes DEPLOYMENT_ADMIN on one deployment away from a user or team. */
export const deploymentMemberRevoke = protectedProcedure
  .meta({ permission: "deployment.member.manage" })
  .input(deploymentMemberRevokeInput)
  .output(deploymentMemberRevokeOutput)
  .mutation(({ ctx, input }) => revokeDeploymentAdmin(ctx.domain, input));

import { grantDeploymentAdmin } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { deploymentSubjectInput } from "./schemas.ts";

export const deploymentMemberGrantInput = deploymentSubjectInput;
export const deploymentMemberGrantOutput = z.object({ bindingId: z.string() });

/** Grants DEPLOYMENT_ADMIN on one deployment to a member or team of the organization. */
export const deploymentMemberGrant = protectedProcedure
  .meta({ permission: "deployment.member.manage" })
  .input(deploymentMemberGrantInput)
  .output(deploymentMemberGrantOutput)
  .mutation(({ ctx, input }) => grantDeploymentAdmin(ctx.domain, input));

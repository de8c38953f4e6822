import { grantWorkspaceRole } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";
import { bindingOutput, roleChangeInput } from "./schemas.ts";

export const workspaceMemberGrantInput = roleChangeInput;
export const workspaceMemberGrantOutput = bindingOutput;

/** Grants a workspace role to a member of the organization or to one of its teams. */
export const workspaceMemberGrant = protectedProcedure
  .meta({ permission: "workspace.member.manage" })
  .input(workspaceMemberGrantInput)
  .output(workspaceMemberGrantOutput)
  .mutation(({ ctx, input }) => grantWorkspaceRole(ctx.domain, input));

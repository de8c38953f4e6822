import { grantWorkspaceRole, workspaceBindingSchema, workspaceRoleChangeInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Grants a workspace role to a member of the organization or to one of its teams. */
export const workspaceMemberGrant = protectedProcedure
  .meta({ permission: "workspace.member.manage" })
  .input(workspaceRoleChangeInput)
  .output(outputView(workspaceBindingSchema))
  .mutation(({ ctx, input }) => grantWorkspaceRole(ctx.domain, input));

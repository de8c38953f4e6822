import { revokedBindingSchema, revokeWorkspaceRole, workspaceRoleSubjectInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Takes away the workspace role a user or team holds. */
export const workspaceMemberRevoke = protectedProcedure
  .meta({ permission: "workspace.member.manage" })
  .input(workspaceRoleSubjectInput)
  .output(outputView(revokedBindingSchema))
  .mutation(({ ctx, input }) => revokeWorkspaceRole(ctx.domain, input));

import { updateWorkspaceRole, workspaceBindingSchema, workspaceRoleChangeInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Changes the workspace role a user or team holds. */
export const workspaceMemberUpdate = protectedProcedure
  .meta({ permission: "workspace.member.manage" })
  .input(workspaceRoleChangeInput)
  .output(outputView(workspaceBindingSchema))
  .mutation(({ ctx, input }) => updateWorkspaceRole(ctx.domain, input));

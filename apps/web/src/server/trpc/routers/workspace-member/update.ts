import { updateWorkspaceRole } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";
import { bindingOutput, roleChangeInput } from "./schemas.ts";

export const workspaceMemberUpdateInput = roleChangeInput;
export const workspaceMemberUpdateOutput = bindingOutput;

/** Changes the workspace role a user or team holds. */
export const workspaceMemberUpdate = protectedProcedure
  .meta({ permission: "workspace.member.manage" })
  .input(workspaceMemberUpdateInput)
  .output(workspaceMemberUpdateOutput)
  .mutation(({ ctx, input }) => updateWorkspaceRole(ctx.domain, input));

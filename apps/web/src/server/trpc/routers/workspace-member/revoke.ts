import { revokeWorkspaceRole } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { roleSubjectSchema } from "../workspace/schemas.ts";
import { workspaceRefSchema } from "./schemas.ts";

export const workspaceMemberRevokeInput = workspaceRefSchema.extend({ subject: roleSubjectSchema });
export const workspaceMemberRevokeOutput = z.object({ bindingId: z.string() });

/** Takes away the workspace role a user or team holds. */
export const workspaceMemberRevoke = protectedProcedure
  .meta({ permission: "workspace.member.manage" })
  .input(workspaceMemberRevokeInput)
  .output(workspaceMemberRevokeOutput)
  .mutation(({ ctx, input }) => revokeWorkspaceRole(ctx.domain, input));

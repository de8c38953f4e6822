import { listWorkspaceMembers } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { workspaceMemberSchema, workspaceRefSchema } from "./schemas.ts";

export const workspaceMemberListInput = workspaceRefSchema;
export const workspaceMemberListOutput = z.array(workspaceMemberSchema);

/** Users and teams with a role in the workspace, and the organization owners who inherit one. */
export const workspaceMemberList = protectedProcedure
  .meta({ permission: "workspace.member.list" })
  .input(workspaceMemberListInput)
  .output(workspaceMemberListOutput)
  .query(({ ctx, input }) => listWorkspaceMembers(ctx.domain, input));

import { listWorkspaceMembers, listWorkspaceMembersInput, workspaceMemberSchema } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";

/** Users and teams with a role in the workspace, and the organization owners who inherit one. */
export const workspaceMemberList = protectedProcedure
  .meta({ permission: "workspace.member.list" })
  .input(listWorkspaceMembersInput)
  .output(z.array(workspaceMemberSchema))
  .query(({ ctx, input }) => listWorkspaceMembers(ctx.domain, input));

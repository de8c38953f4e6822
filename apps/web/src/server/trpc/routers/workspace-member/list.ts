import {
  listWorkspaceMembers,
  listWorkspaceMembersInput,
  pageSchema,
  workspaceMemberSchema,
} from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** A page of the users and teams with a role in the workspace, and the organization owners who inherit one. */
export const workspaceMemberList = protectedProcedure
  .meta({ permission: "workspace.member.list" })
  .input(listWorkspaceMembersInput)
  .output(outputView(pageSchema(workspaceMemberSchema)))
  .query(({ ctx, input }) => listWorkspaceMembers(ctx.domain, input));

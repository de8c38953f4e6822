import { listWorkspaceMembers, pageInputShape, pageSchema } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";
import { workspaceMemberSchema, workspaceRefSchema } from "./schemas.ts";

export const workspaceMemberListInput = workspaceRefSchema.extend(pageInputShape);
export const workspaceMemberListOutput = pageSchema(workspaceMemberSchema);

/** A page of the users and teams with a role in the workspace, and the organization owners who inherit one. */
export const workspaceMemberList = protectedProcedure
  .meta({ permission: "workspace.member.list" })
  .input(workspaceMemberListInput)
  .output(workspaceMemberListOutput)
  .query(({ ctx, input }) => listWorkspaceMembers(ctx.domain, input));

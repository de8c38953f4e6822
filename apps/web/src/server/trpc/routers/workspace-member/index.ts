import {
  grantWorkspaceRole,
  listWorkspaceMembers,
  listWorkspaceMembersInput,
  pageSchema,
  revokedBindingSchema,
  revokeWorkspaceRole,
  updateWorkspaceRole,
  workspaceBindingSchema,
  workspaceMemberSchema,
  workspaceRoleChangeInput,
  workspaceRoleSubjectInput,
} from "@skyport/domain";
import { domainMutation, domainQuery, router } from "../../init.ts";

const manage = "workspace.member.manage";

export const workspaceMemberRouter = router({
  /** A page of the users and teams with a role in the workspace, and the organization owners who inherit one. */
  list: domainQuery(
    "workspace.member.list",
    listWorkspaceMembersInput,
    pageSchema(workspaceMemberSchema),
    listWorkspaceMembers,
  ),
  /** Grants a workspace role to a member of the organization or to one of its teams. */
  grant: domainMutation(manage, workspaceRoleChangeInput, workspaceBindingSchema, grantWorkspaceRole),
  /** Changes the workspace role a user or team holds. */
  update: domainMutation(manage, workspaceRoleChangeInput, workspaceBindingSchema, updateWorkspaceRole),
  /** Takes away the workspace role a user or team holds. */
  revoke: domainMutation(manage, workspaceRoleSubjectInput, revokedBindingSchema, revokeWorkspaceRole),
});

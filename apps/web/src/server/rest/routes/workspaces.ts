import {
  createWorkspaceInput,
  deletedSchema,
  deleteWorkspaceInput,
  getWorkspaceInput,
  listWorkspaceMembersInput,
  listWorkspacesInput,
  pageSchema,
  revokedBindingSchema,
  updateWorkspaceInput,
  workspaceBindingSchema,
  workspaceDetailsSchema,
  workspaceMemberSchema,
  workspaceRefSchema,
  workspaceRoleSchema,
  workspaceSummarySchema,
} from "@skyport/domain";
import type { z } from "zod";
import { defineRoute } from "../define.ts";
import { roleSubject } from "./shared.ts";

const tag = "Workspaces";
const usersTag = "Workspace users and teams";

/** Workspace roles are granted to users and to teams; both have the same four operations. */
function roleBindingRoutes(kind: "user" | "team") {
  const { idField, plural, Kind, input: subjectRef, target } = roleSubject(kind, workspaceRefSchema);
  const roleRoute = (
    method: "POST" | "PATCH",
    operationId: string,
    summary: string,
    path: string,
    change: "grant" | "update",
  ) =>
    defineRoute({
      method,
      path: `/organizations/{organizationId}/workspaces/{workspaceId}/${path}`,
      operationId,
      summary,
      tag: usersTag,
      input: subjectRef.extend({ role: workspaceRoleSchema }),
      output: workspaceBindingSchema,
      handle: ({ caller, input }) =>
        caller.workspaceMember[change]({
          ...target(input),
          role: input.role as z.infer<typeof workspaceRoleSchema>,
        }),
    });
  return [
    roleRoute("POST", `addWorkspace${Kind}`, `Give a ${kind} a workspace role`, plural, "grant"),
    roleRoute(
      "PATCH",
      `updateWorkspace${Kind}Role`,
      `Change a ${kind}'s workspace role`,
      `${plural}/{${idField}}`,
      "update",
    ),
    defineRoute({
      method: "DELETE",
      path: `/organizations/{organizationId}/workspaces/{workspaceId}/${plural}/{${idField}}`,
      operationId: `removeWorkspace${Kind}`,
      summary: `Take a ${kind}'s workspace role away`,
      tag: usersTag,
      input: subjectRef,
      output: revokedBindingSchema,
      handle: ({ caller, input }) => caller.workspaceMember.revoke(target(input)),
    }),
  ];
}

export const workspaceRoutes = [
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/workspaces",
    operationId: "listWorkspaces",
    summary: "The workspaces the caller has a role in (organization owners: all)",
    tag,
    input: listWorkspacesInput,
    output: pageSchema(workspaceSummarySchema),
    paginated: true,
    handle: ({ caller, input }) => caller.workspace.list(input),
  }),
  defineRoute({
    method: "POST",
    path: "/organizations/{organizationId}/workspaces",
    operationId: "createWorkspace",
    summary: "Create a workspace",
    tag,
    input: createWorkspaceInput,
    output: workspaceSummarySchema,
    idempotent: true,
    handle: ({ caller, input }) => caller.workspace.create(input),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/workspaces/{workspaceId}",
    operationId: "getWorkspace",
    summary: "A workspace and the caller's role in it",
    tag,
    input: getWorkspaceInput,
    output: workspaceDetailsSchema,
    handle: ({ caller, input }) => caller.workspace.get(input),
  }),
  defineRoute({
    method: "PATCH",
    path: "/organizations/{organizationId}/workspaces/{workspaceId}",
    operationId: "updateWorkspace",
    summary: "Rename a workspace or change its description",
    tag,
    input: updateWorkspaceInput,
    output: workspaceSummarySchema,
    handle: ({ caller, input }) => caller.workspace.update(input),
  }),
  defineRoute({
    method: "DELETE",
    path: "/organizations/{organizationId}/workspaces/{workspaceId}",
    operationId: "deleteWorkspace",
    summary: "Delete a workspace (it must have no deployments left)",
    tag,
    input: deleteWorkspaceInput,
    output: deletedSchema,
    handle: ({ caller, input }) => caller.workspace.delete(input),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/workspaces/{workspaceId}/users",
    operationId: "listWorkspaceUsers",
    summary: "Who holds a role in the workspace: users (direct or as organization owners) and teams",
    tag: usersTag,
    input: listWorkspaceMembersInput,
    output: pageSchema(workspaceMemberSchema),
    paginated: true,
    handle: ({ caller, input }) => caller.workspaceMember.list(input),
  }),
  ...roleBindingRoutes("user"),
  ...roleBindingRoutes("team"),
];

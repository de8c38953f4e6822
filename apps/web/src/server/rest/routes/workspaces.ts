import type { z } from "zod";
import { workspaceCreateInput, workspaceCreateOutput } from "../../trpc/routers/workspace/create.ts";
import { workspaceDeleteInput, workspaceDeleteOutput } from "../../trpc/routers/workspace/delete.ts";
import { workspaceGetInput, workspaceGetOutput } from "../../trpc/routers/workspace/get.ts";
import { workspaceListInput, workspaceListOutput } from "../../trpc/routers/workspace/list.ts";
import { workspaceRoleSchema } from "../../trpc/routers/workspace/schemas.ts";
import { workspaceUpdateInput, workspaceUpdateOutput } from "../../trpc/routers/workspace/update.ts";
import {
  workspaceMemberListInput,
  workspaceMemberListOutput,
} from "../../trpc/routers/workspace-member/list.ts";
import { workspaceMemberRevokeOutput } from "../../trpc/routers/workspace-member/revoke.ts";
import { bindingOutput, workspaceRefSchema } from "../../trpc/routers/workspace-member/schemas.ts";
import { defineRoute } from "../define.ts";
import { roleSubject } from "./shared.ts";

const tag = "Workspaces";
const usersTag = "Workspace users and teams";

/** Workspace roles are granted to users and to teams; both have the same four operations. */
function roleBindingRoutes(kind: "user" | "team") {
  const { idField, plural, Kind, extend, subjectOf } = roleSubject(kind);
  const subjectRef = extend(workspaceRefSchema);
  const refOf = (input: Record<string, unknown>) => ({
    organizationId: input.organizationId as string,
    workspaceId: input.workspaceId as string,
  });
  return [
    defineRoute({
      method: "POST",
      path: `/organizations/{organizationId}/workspaces/{workspaceId}/${plural}`,
      operationId: `addWorkspace${Kind}`,
      summary: `Give a ${kind} a workspace role`,
      tag: usersTag,
      input: subjectRef.extend({ role: workspaceRoleSchema }),
      output: bindingOutput,
      handle: ({ caller, input }) =>
        caller.workspaceMember.grant({
          ...refOf(input),
          subject: subjectOf(input),
          role: input.role as z.infer<typeof workspaceRoleSchema>,
        }),
    }),
    defineRoute({
      method: "PATCH",
      path: `/organizations/{organizationId}/workspaces/{workspaceId}/${plural}/{${idField}}`,
      operationId: `updateWorkspace${Kind}Role`,
      summary: `Change a ${kind}'s workspace role`,
      tag: usersTag,
      input: subjectRef.extend({ role: workspaceRoleSchema }),
      output: bindingOutput,
      handle: ({ caller, input }) =>
        caller.workspaceMember.update({
          ...refOf(input),
          subject: subjectOf(input),
          role: input.role as z.infer<typeof workspaceRoleSchema>,
        }),
    }),
    defineRoute({
      method: "DELETE",
      path: `/organizations/{organizationId}/workspaces/{workspaceId}/${plural}/{${idField}}`,
      operationId: `removeWorkspace${Kind}`,
      summary: `Take a ${kind}'s workspace role away`,
      tag: usersTag,
      input: subjectRef,
      output: workspaceMemberRevokeOutput,
      handle: ({ caller, input }) =>
        caller.workspaceMember.revoke({ ...refOf(input), subject: subjectOf(input) }),
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
    input: workspaceListInput,
    output: workspaceListOutput,
    paginated: true,
    handle: ({ caller, input }) => caller.workspace.list(input),
  }),
  defineRoute({
    method: "POST",
    path: "/organizations/{organizationId}/workspaces",
    operationId: "createWorkspace",
    summary: "Create a workspace",
    tag,
    input: workspaceCreateInput,
    output: workspaceCreateOutput,
    idempotent: true,
    handle: ({ caller, input }) => caller.workspace.create(input),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/workspaces/{workspaceId}",
    operationId: "getWorkspace",
    summary: "A workspace and the caller's role in it",
    tag,
    input: workspaceGetInput,
    output: workspaceGetOutput,
    handle: ({ caller, input }) => caller.workspace.get(input),
  }),
  defineRoute({
    method: "PATCH",
    path: "/organizations/{organizationId}/workspaces/{workspaceId}",
    operationId: "updateWorkspace",
    summary: "Rename a workspace or change its description",
    tag,
    input: workspaceUpdateInput,
    output: workspaceUpdateOutput,
    handle: ({ caller, input }) => caller.workspace.update(input),
  }),
  defineRoute({
    method: "DELETE",
    path: "/organizations/{organizationId}/workspaces/{workspaceId}",
    operationId: "deleteWorkspace",
    summary: "Delete a workspace (it must have no deployments left)",
    tag,
    input: workspaceDeleteInput,
    output: workspaceDeleteOutput,
    handle: ({ caller, input }) => caller.workspace.delete(input),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/workspaces/{workspaceId}/users",
    operationId: "listWorkspaceUsers",
    summary: "Who holds a role in the workspace: users (direct or as organization owners) and teams",
    tag: usersTag,
    input: workspaceMemberListInput,
    output: workspaceMemberListOutput,
    paginated: true,
    handle: ({ caller, input }) => caller.workspaceMember.list(input),
  }),
  ...roleBindingRoutes("user"),
  ...roleBindingRoutes("team"),
];

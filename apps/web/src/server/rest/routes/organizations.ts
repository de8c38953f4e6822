import { invitationCreateInput, invitationCreateOutput } from "../../trpc/routers/invitation/create.ts";
import { invitationListInput, invitationListOutput } from "../../trpc/routers/invitation/list.ts";
import { invitationRevokeInput, invitationRevokeOutput } from "../../trpc/routers/invitation/revoke.ts";
import { memberListInput, memberListOutput } from "../../trpc/routers/member/list.ts";
import { memberRemoveInput, memberRemoveOutput } from "../../trpc/routers/member/remove.ts";
import { memberUpdateRoleInput, memberUpdateRoleOutput } from "../../trpc/routers/member/update-role.ts";
import { organizationGetInput, organizationGetOutput } from "../../trpc/routers/organization/get.ts";
import { organizationRenameInput, organizationRenameOutput } from "../../trpc/routers/organization/rename.ts";
import { defineRoute } from "../define.ts";

const tag = "Organizations";
const usersTag = "Organization users";

export const organizationRoutes = [
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}",
    operationId: "getOrganization",
    summary: "An organization's name, slug and the caller's role in it",
    tag,
    input: organizationGetInput,
    output: organizationGetOutput,
    handle: ({ caller, input }) => caller.organization.get(input),
  }),
  defineRoute({
    method: "PATCH",
    path: "/organizations/{organizationId}",
    operationId: "updateOrganization",
    summary: "Rename an organization",
    tag,
    input: organizationRenameInput,
    output: organizationRenameOutput,
    handle: ({ caller, input }) => caller.organization.rename(input),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/users",
    operationId: "listOrganizationUsers",
    summary: "The organization's members and their roles",
    tag: usersTag,
    input: memberListInput,
    output: memberListOutput,
    paginated: true,
    handle: ({ caller, input }) => caller.member.list(input),
  }),
  defineRoute({
    method: "PATCH",
    path: "/organizations/{organizationId}/users/{userId}",
    operationId: "updateOrganizationUserRole",
    summary: "Change a member's organization role (the last owner cannot be demoted)",
    tag: usersTag,
    input: memberUpdateRoleInput,
    output: memberUpdateRoleOutput,
    handle: ({ caller, input }) => caller.member.updateRole(input),
  }),
  defineRoute({
    method: "DELETE",
    path: "/organizations/{organizationId}/users/{userId}",
    operationId: "removeOrganizationUser",
    summary: "Remove a member from the organization (not the last owner)",
    tag: usersTag,
    input: memberRemoveInput,
    output: memberRemoveOutput,
    handle: ({ caller, input }) => caller.member.remove(input),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/invitations",
    operationId: "listInvitations",
    summary: "Invitations to the organization, pending and past",
    tag: usersTag,
    input: invitationListInput,
    output: invitationListOutput,
    paginated: true,
    handle: ({ caller, input }) => caller.invitation.list(input),
  }),
  defineRoute({
    method: "POST",
    path: "/organizations/{organizationId}/invitations",
    operationId: "inviteOrganizationUser",
    summary: "Invite someone by email with an organization role; the link is emailed to them",
    tag: usersTag,
    input: invitationCreateInput,
    output: invitationCreateOutput,
    idempotent: true,
    handle: ({ caller, input }) => caller.invitation.create(input),
  }),
  defineRoute({
    method: "DELETE",
    path: "/organizations/{organizationId}/invitations/{invitationId}",
    operationId: "revokeInvitation",
    summary: "Revoke a pending invitation; its link stops working at once",
    tag: usersTag,
    input: invitationRevokeInput,
    output: invitationRevokeOutput,
    handle: ({ caller, input }) => caller.invitation.revoke(input),
  }),
];

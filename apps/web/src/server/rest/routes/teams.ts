import { teamAddMemberInput, teamAddMemberOutput } from "../../trpc/routers/team/add-member.ts";
import { teamCreateInput, teamCreateOutput } from "../../trpc/routers/team/create.ts";
import { teamDeleteInput, teamDeleteOutput } from "../../trpc/routers/team/delete.ts";
import { teamListInput, teamListOutput } from "../../trpc/routers/team/list.ts";
import { teamRemoveMemberInput, teamRemoveMemberOutput } from "../../trpc/routers/team/remove-member.ts";
import { teamRenameInput, teamRenameOutput } from "../../trpc/routers/team/rename.ts";
import { defineRoute } from "../define.ts";

const tag = "Teams";

export const teamRoutes = [
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/teams",
    operationId: "listTeams",
    summary: "The organization's teams and their members",
    tag,
    input: teamListInput,
    output: teamListOutput,
    paginated: true,
    handle: ({ caller, input }) => caller.team.list(input),
  }),
  defineRoute({
    method: "POST",
    path: "/organizations/{organizationId}/teams",
    operationId: "createTeam",
    summary: "Create a team",
    tag,
    input: teamCreateInput,
    output: teamCreateOutput,
    idempotent: true,
    handle: ({ caller, input }) => caller.team.create(input),
  }),
  defineRoute({
    method: "PATCH",
    path: "/organizations/{organizationId}/teams/{teamId}",
    operationId: "updateTeam",
    summary: "Rename a team or change its description",
    tag,
    input: teamRenameInput,
    output: teamRenameOutput,
    handle: ({ caller, input }) => caller.team.rename(input),
  }),
  defineRoute({
    method: "DELETE",
    path: "/organizations/{organizationId}/teams/{teamId}",
    operationId: "deleteTeam",
    summary: "Delete a team; the roles it held go with it",
    tag,
    input: teamDeleteInput,
    output: teamDeleteOutput,
    handle: ({ caller, input }) => caller.team.delete(input),
  }),
  defineRoute({
    method: "PUT",
    path: "/organizations/{organizationId}/teams/{teamId}/members/{userId}",
    operationId: "addTeamMember",
    summary: "Add an organization member to a team",
    tag,
    input: teamAddMemberInput,
    output: teamAddMemberOutput,
    status: 200,
    handle: ({ caller, input }) => caller.team.addMember(input),
  }),
  defineRoute({
    method: "DELETE",
    path: "/organizations/{organizationId}/teams/{teamId}/members/{userId}",
    operationId: "removeTeamMember",
    summary: "Remove a member from a team",
    tag,
    input: teamRemoveMemberInput,
    output: teamRemoveMemberOutput,
    handle: ({ caller, input }) => caller.team.removeMember(input),
  }),
];

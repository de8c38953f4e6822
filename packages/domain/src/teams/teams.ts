import { authorize, type Db } from "../authz/authorize.ts";
import { ConflictError, NotFoundError } from "../shared/errors.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import {
  assertOrganizationNameFree,
  nameAndDescriptionChange,
  refuseDuplicateName,
  namedRecordFields as teamFields,
} from "../shared/names.ts";
import { mapPage, type Page, type PageRequest, readPage } from "../shared/pagination.ts";
import { isUniqueViolation } from "../shared/prisma-errors.ts";
import type {
  CreateTeamInput,
  RenameTeamInput,
  Team,
  TeamMember,
  TeamMembershipInput,
  TeamRef,
  TeamWithMembers,
} from "./teams.types.ts";

export type { Team, TeamMember, TeamRef, TeamWithMembers };

/** Loads a team with the tenant floor in the WHERE clause. */
async function findTeam(db: Db, ref: TeamRef): Promise<Team> {
  const team = await db.team.findFirst({
    where: { id: ref.teamId, organizationId: ref.organizationId },
    select: teamFields,
  });
  if (!team) throw new NotFoundError("team");
  return team;
}

/** A page of the organization's teams in id order, each with its members by name. */
export async function listTeams(
  ctx: Pick<MutationContext, "db" | "actor">,
  input: { organizationId: string } & PageRequest,
): Promise<Page<TeamWithMembers>> {
  await authorize(ctx.db, ctx.actor, "team.list", { organizationId: input.organizationId });
  const teams = await readPage(
    input,
    ({ where, ...order }) =>
      ctx.db.team.findMany({
        where: { organizationId: input.organizationId, ...where },
        select: {
          ...teamFields,
          members: {
            select: { user: { select: { id: true, name: true, email: true } } },
            orderBy: [{ user: { name: "asc" } }, { userId: "asc" }],
          },
        },
        ...order,
      }),
    (team) => team.id,
  );
  return mapPage(teams, ({ members, ...team }) => ({
    ...team,
    members: members.map((m) => m.user),
  }));
}

export async function createTeam(ctx: MutationContext, input: CreateTeamInput): Promise<Team> {
  return mutate(
    ctx,
    { permission: "team.manage", resource: { organizationId: input.organizationId } },
    async (tx) => {
      const { name, description = "" } = input;
      await assertOrganizationNameFree(tx, "team", input.organizationId, name);
      const team = await tx.team
        .create({ data: { organizationId: input.organizationId, name, description }, select: teamFields })
        .catch(refuseDuplicateName("team", name));
      return {
        result: team,
        audit: {
          action: "team.create",
          targets: [{ type: "team", id: team.id, label: team.name }],
          metadata: { name, description },
        },
      };
    },
  );
}

/** Renames a team and/or changes its description. */
export async function renameTeam(ctx: MutationContext, input: RenameTeamInput): Promise<Team> {
  return mutate(
    ctx,
    { permission: "team.manage", resource: { organizationId: input.organizationId } },
    async (tx) => {
      const before = await findTeam(tx, input);
      const { name, description, changes } = nameAndDescriptionChange(before, input);
      if (name !== before.name)
        await assertOrganizationNameFree(tx, "team", input.organizationId, name, before.id);
      const team = await tx.team
        .update({ where: { id: before.id }, data: { name, description }, select: teamFields })
        .catch(refuseDuplicateName("team", name));
      return {
        result: team,
        audit: {
          action: "team.update",
          targets: [{ type: "team", id: team.id, label: team.name }],
          metadata: { changes },
        },
      };
    },
  );
}

/** Deletes a team; its memberships and the roles granted to it go with it. */
export async function deleteTeam(ctx: MutationContext, ref: TeamRef): Promise<{ id: string }> {
  return mutate(
    ctx,
    { permission: "team.manage", resource: { organizationId: ref.organizationId } },
    async (tx) => {
      const team = await findTeam(tx, ref);
      const [members, workspaceRoles, deploymentRoles] = await Promise.all([
        tx.teamMembership.count({ where: { teamId: team.id } }),
        tx.workspaceRoleBinding.count({ where: { teamId: team.id } }),
        tx.deploymentRoleBinding.count({ where: { teamId: team.id } }),
      ]);
      await tx.team.delete({ where: { id: team.id } });
      return {
        result: { id: team.id },
        audit: {
          action: "team.delete",
          targets: [{ type: "team", id: team.id, label: team.name }],
          metadata: { name: team.name, members, workspaceRoles, deploymentRoles },
        },
      };
    },
  );
}

/** Adds a member of the organization to one of its teams. */
export async function addTeamMember(ctx: MutationContext, input: TeamMembershipInput): Promise<TeamMember> {
  return mutate(
    ctx,
    { permission: "team.manage", resource: { organizationId: input.organizationId } },
    async (tx) => {
      const team = await findTeam(tx, input);
      const membership = await tx.organizationMembership.findUnique({
        where: { organizationId_userId: { organizationId: input.organizationId, userId: input.userId } },
        select: { user: { select: { id: true, name: true, email: true } } },
      });
      if (!membership) throw new NotFoundError("user");
      const { user } = membership;
      const alreadyMember = () =>
        new ConflictError(`${user.email} is already in team “${team.name}”`, "userId");
      const existing = await tx.teamMembership.findUnique({
        where: { teamId_userId: { teamId: team.id, userId: user.id } },
        select: { id: true },
      });
      if (existing) throw alreadyMember();
      await tx.teamMembership
        .create({ data: { teamId: team.id, userId: user.id } })
        .catch((error: unknown) => {
          throw isUniqueViolation(error) ? alreadyMember() : error;
        });
      return {
        result: user,
        audit: {
          action: "team.member.add",
          targets: [
            { type: "team", id: team.id, label: team.name },
            { type: "user", id: user.id, label: user.email },
          ],
        },
      };
    },
  );
}

/** Removes a user from a team (they stay in the organization). */
export async function removeTeamMember(
  ctx: MutationContext,
  input: TeamMembershipInput,
): Promise<{ userId: string }> {
  return mutate(
    ctx,
    { permission: "team.manage", resource: { organizationId: input.organizationId } },
    async (tx) => {
      const team = await findTeam(tx, input);
      const membership = await tx.teamMembership.findUnique({
        where: { teamId_userId: { teamId: team.id, userId: input.userId } },
        select: { id: true, user: { select: { id: true, email: true } } },
      });
      if (!membership) throw new NotFoundError("team member");
      await tx.teamMembership.delete({ where: { id: membership.id } });
      return {
        result: { userId: membership.user.id },
        audit: {
          action: "team.member.remove",
          targets: [
            { type: "team", id: team.id, label: team.name },
            { type: "user", id: membership.user.id, label: membership.user.email },
          ],
        },
      };
    },
  );
}

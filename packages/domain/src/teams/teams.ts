import type { TransactionClient } from "@skyport/db";
import type { AuditTarget } from "../audit/record.ts";
import { authorize, type Db } from "../authz/authorize.ts";
import { ConflictError, NotFoundError } from "../shared/errors.ts";
import { type AuditEntry, type MutationContext, type MutationOutcome, mutate } from "../shared/mutation.ts";
import { createNamedRecord, renameNamedRecord, namedRecordFields as teamFields } from "../shared/names.ts";
import { mapPage, type Page, type PageRequest, readPage } from "../shared/pagination.ts";
import { findInOrganization, isUniqueViolation } from "../shared/prisma-errors.ts";
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
function findTeam(db: Db, ref: TeamRef): Promise<Team> {
  return findInOrganization("team", ref.teamId, ref, (where) =>
    db.team.findFirst({ where, select: teamFields }),
  );
}

/**
 * A change to one team of the organization: team.manage authorized inside the transaction, then
 * the team loaded (tenant floor in the WHERE clause) and handed to `change`.
 */
function changeTeam<T>(
  ctx: MutationContext,
  ref: TeamRef,
  change: (tx: TransactionClient, team: Team) => Promise<MutationOutcome<T>>,
): Promise<T> {
  return mutate(
    ctx,
    { permission: "team.manage", resource: { organizationId: ref.organizationId } },
    async (tx) => change(tx, await findTeam(tx, ref)),
  );
}

/** The audit event of a change to a team itself. */
function teamAudit(action: string, team: Team, metadata: Record<string, unknown>): AuditEntry {
  return { action, targets: [{ type: "team", id: team.id, label: team.name }], metadata };
}

/** The audit targets of a change to a team's membership: the team and the person. */
function memberTargets(team: Team, user: { id: string; email: string }): AuditTarget[] {
  return [
    { type: "team", id: team.id, label: team.name },
    { type: "user", id: user.id, label: user.email },
  ];
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
      const team = await createNamedRecord(tx, "team", input, (data) =>
        tx.team.create({ data, select: teamFields }),
      );
      return {
        result: team,
        audit: teamAudit("team.create", team, { name: team.name, description: team.description }),
      };
    },
  );
}

/** Renames a team and/or changes its description. */
export async function renameTeam(ctx: MutationContext, input: RenameTeamInput): Promise<Team> {
  return changeTeam(ctx, input, async (tx, before) => {
    const { row: team, changes } = await renameNamedRecord(tx, "team", before, input, (data) =>
      tx.team.update({ where: { id: before.id }, data, select: teamFields }),
    );
    return { result: team, audit: teamAudit("team.update", team, { changes }) };
  });
}

/** Deletes a team; its memberships and the roles granted to it go with it. */
export async function deleteTeam(ctx: MutationContext, ref: TeamRef): Promise<{ id: string }> {
  return changeTeam(ctx, ref, async (tx, team) => {
    const [members, workspaceRoles, deploymentRoles] = await Promise.all([
      tx.teamMembership.count({ where: { teamId: team.id } }),
      tx.workspaceRoleBinding.count({ where: { teamId: team.id } }),
      tx.deploymentRoleBinding.count({ where: { teamId: team.id } }),
    ]);
    await tx.team.delete({ where: { id: team.id } });
    return {
      result: { id: team.id },
      audit: teamAudit("team.delete", team, { name: team.name, members, workspaceRoles, deploymentRoles }),
    };
  });
}

/** Adds a member of the organization to one of its teams. */
export async function addTeamMember(ctx: MutationContext, input: TeamMembershipInput): Promise<TeamMember> {
  return changeTeam(ctx, input, async (tx, team) => {
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
    await tx.teamMembership.create({ data: { teamId: team.id, userId: user.id } }).catch((error: unknown) => {
      throw isUniqueViolation(error) ? alreadyMember() : error;
    });
    return {
      result: user,
      audit: {
        action: "team.member.add",
        targets: memberTargets(team, user),
      },
    };
  });
}

/** Removes a user from a team (they stay in the organization). */
export async function removeTeamMember(
  ctx: MutationContext,
  input: TeamMembershipInput,
): Promise<{ userId: string }> {
  return changeTeam(ctx, input, async (tx, team) => {
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
        targets: memberTargets(team, membership.user),
      },
    };
  });
}

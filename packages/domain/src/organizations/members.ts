import type { TransactionClient } from "@skyport/db";
import { authorize, type Db } from "../authz/authorize.ts";
import type { Actor } from "../shared/actor.ts";
import { ConflictError, NotFoundError, UnauthenticatedError } from "../shared/errors.ts";
import { type AuditEntry, type MutationContext, mutate } from "../shared/mutation.ts";
import { mapPage, type Page, type PageRequest, readPage } from "../shared/pagination.ts";
import type { MemberView, UpdateMemberRoleInput } from "./organizations.types.ts";

export type { MemberView };

/** A page of the organization's members and their roles, in user-id order. */
export async function listMembers(
  db: Db,
  actor: Actor,
  organizationId: string,
  page: PageRequest = {},
): Promise<Page<MemberView>> {
  await authorize(db, actor, "organization.member.list", { organizationId });
  const memberships = await readPage(
    page,
    ({ where, ...order }) =>
      db.organizationMembership.findMany({
        where: { organizationId, ...where },
        select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
        ...order,
      }),
    (m) => m.user.id,
    "userId",
  );
  return mapPage(memberships, (m) => ({
    userId: m.user.id,
    name: m.user.name,
    email: m.user.email,
    role: m.role,
    joinedAt: m.createdAt,
  }));
}

/**
 * Serialises changes to an organization's memberships. Taken before counting owners, so two
 * concurrent demotions (or removals, or leaves) cannot both see "another owner remains" and
 * leave the organization without one.
 */
async function lockMemberships(tx: TransactionClient, organizationId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`memberships:${organizationId}`}, 0))`;
}

async function findMembership(tx: Db, organizationId: string, userId: string) {
  const membership = await tx.organizationMembership.findUnique({
    where: { organizationId_userId: { organizationId, userId } },
    select: { id: true, role: true, user: { select: { id: true, email: true } } },
  });
  if (!membership) throw new NotFoundError("member");
  return membership;
}

async function assertAnotherOwner(
  tx: Db,
  organizationId: string,
  userId: string,
  message: string,
): Promise<void> {
  const otherOwners = await tx.organizationMembership.count({
    where: { organizationId, role: "ORGANIZATION_OWNER", userId: { not: userId } },
  });
  if (otherOwners === 0) throw new ConflictError(message, "userId");
}

/** Deletes a person's roles inside one organization: workspace and deployment roles, team memberships. */
async function deleteRolesInOrganization(tx: TransactionClient, organizationId: string, userId: string) {
  const workspaceRoles = await tx.workspaceRoleBinding.deleteMany({ where: { organizationId, userId } });
  const deploymentRoles = await tx.deploymentRoleBinding.deleteMany({ where: { organizationId, userId } });
  const teamMemberships = await tx.teamMembership.deleteMany({ where: { userId, team: { organizationId } } });
  await tx.organizationMembership.delete({
    where: { organizationId_userId: { organizationId, userId } },
  });
  return {
    workspaceRoles: workspaceRoles.count,
    deploymentRoles: deploymentRoles.count,
    teamMemberships: teamMemberships.count,
  };
}

export async function updateMemberRole(
  ctx: MutationContext,
  input: UpdateMemberRoleInput,
): Promise<MemberView> {
  const { organizationId, userId } = input;
  const { role } = input;
  return mutate(
    ctx,
    { permission: "organization.member.update", resource: { organizationId } },
    async (tx) => {
      await lockMemberships(tx, organizationId);
      const membership = await findMembership(tx, organizationId, userId);
      if (membership.role === "ORGANIZATION_OWNER" && role !== "ORGANIZATION_OWNER") {
        await assertAnotherOwner(
          tx,
          organizationId,
          userId,
          "the organization's last owner cannot be demoted; make someone else an owner first",
        );
      }
      const updated = await tx.organizationMembership.update({
        where: { id: membership.id },
        data: { role },
        select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
      });
      return {
        result: {
          userId: updated.user.id,
          name: updated.user.name,
          email: updated.user.email,
          role: updated.role,
          joinedAt: updated.createdAt,
        },
        audit: {
          action: "organization.member.update",
          targets: [{ type: "user", id: userId, label: membership.user.email }],
          metadata: { role: { from: membership.role, to: role } },
        },
      };
    },
  );
}

/** Removes a member and every role they hold in the organization's workspaces, deployments and teams. */
export async function removeMember(
  ctx: MutationContext,
  input: { organizationId: string; userId: string },
): Promise<{ userId: string }> {
  const { organizationId, userId } = input;
  return mutate(
    ctx,
    { permission: "organization.member.remove", resource: { organizationId } },
    async (tx) => {
      const audit = await takeOutOfOrganization(tx, organizationId, userId, {
        action: "organization.member.remove",
        lastOwnerMessage: "the organization's last owner cannot be removed; make someone else an owner first",
      });
      return { result: { userId }, audit };
    },
  );
}

/**
 * Takes a person out of an organization (membership and every role in it), refusing with
 * `lastOwnerMessage` when they are its last owner, and answers the audit event of `action`
 * (the person, their role and what was removed). Removal and leaving share it.
 */
async function takeOutOfOrganization(
  tx: TransactionClient,
  organizationId: string,
  userId: string,
  how: { action: "organization.member.remove" | "organization.member.leave"; lastOwnerMessage: string },
): Promise<AuditEntry> {
  await lockMemberships(tx, organizationId);
  const membership = await findMembership(tx, organizationId, userId);
  if (membership.role === "ORGANIZATION_OWNER") {
    await assertAnotherOwner(tx, organizationId, userId, how.lastOwnerMessage);
  }
  const removed = await deleteRolesInOrganization(tx, organizationId, userId);
  return {
    action: how.action,
    targets: [{ type: "user", id: userId, label: membership.user.email }],
    metadata: { role: membership.role, removed },
  };
}

/** The signed-in person leaves an organization (the last owner cannot). */
export async function leaveOrganization(
  ctx: MutationContext,
  input: { organizationId: string },
): Promise<{ organizationId: string }> {
  const { organizationId } = input;
  const { actor } = ctx;
  return mutate(ctx, { permission: "organization.leave", resource: { organizationId } }, async (tx) => {
    if (actor.type !== "user")
      throw new UnauthenticatedError("only a signed-in person can leave an organization");
    const userId = actor.userId;
    const audit = await takeOutOfOrganization(tx, organizationId, userId, {
      action: "organization.member.leave",
      lastOwnerMessage: "you are the organization's last owner; make someone else an owner before leaving",
    });
    return { result: { organizationId }, audit };
  });
}

import type { TransactionClient } from "@skyport/db";
import { authorize } from "../authz/authorize.ts";
import type { WorkspaceRole } from "../authz/roles.ts";
import type { WorkspaceRef } from "../shared/fields.types.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import { encodeCursor, keyset, type Page, type PageRequest } from "../shared/pagination.ts";
import { findWorkspace } from "../workspaces/workspaces.ts";
import type {
  MemberUser,
  WorkspaceMember,
  WorkspaceRoleChange,
  WorkspaceRoleSubject,
} from "./role-bindings.types.ts";
import {
  BINDING_SUBJECT_SELECT,
  bindingAudit,
  boundSubject,
  grantBinding,
  subjectWhere,
} from "./subjects.ts";

export type { MemberUser, WorkspaceMember, WorkspaceRoleChange };

function workspaceTarget(workspace: { id: string; name: string }) {
  return { type: "workspace", id: workspace.id, label: workspace.name };
}

/** A workspace member's key in the list's order: `team:<teamId>` or `user:<userId>`. */
function memberKey(member: WorkspaceMember): string {
  return member.type === "user" ? `user:${member.user.id}` : `team:${member.team.id}`;
}

/**
 * A page of the users and teams with a role in the workspace, plus the organization owners
 * who inherit one, in key order (teams, then users, each by id). The keys of the three
 * sources are merged and paged in one query; only that page is then loaded.
 */
export async function listWorkspaceMembers(
  ctx: Pick<MutationContext, "db" | "actor">,
  input: WorkspaceRef & PageRequest,
): Promise<Page<WorkspaceMember>> {
  const { organizationId, workspaceId } = input;
  await authorize(ctx.db, ctx.actor, "workspace.member.list", { organizationId, workspaceId });
  const ks = keyset(input);
  const keys = await ctx.db.$queryRaw<{ key: string }[]>`
    SELECT key FROM (
      SELECT 'user:' || b."userId" AS key FROM "WorkspaceRoleBinding" b
        WHERE b."workspaceId" = ${workspaceId} AND b."organizationId" = ${organizationId} AND b."userId" IS NOT NULL
      UNION
      SELECT 'team:' || b."teamId" FROM "WorkspaceRoleBinding" b
        WHERE b."workspaceId" = ${workspaceId} AND b."organizationId" = ${organizationId} AND b."teamId" IS NOT NULL
      UNION
      SELECT 'user:' || m."userId" FROM "OrganizationMembership" m
        WHERE m."organizationId" = ${organizationId} AND m."role" = 'ORGANIZATION_OWNER'
    ) k
    WHERE ${ks.after}::text IS NULL OR key COLLATE "C" > ${ks.after ?? ""}
    ORDER BY key COLLATE "C"
    LIMIT ${ks.take}`;
  const pageKeys = keys.slice(0, ks.limit).map((row) => row.key);
  const userIds = pageKeys.filter((key) => key.startsWith("user:")).map((key) => key.slice(5));
  const teamIds = pageKeys.filter((key) => key.startsWith("team:")).map((key) => key.slice(5));
  const [bindings, owners, users] = await Promise.all([
    ctx.db.workspaceRoleBinding.findMany({
      where: { workspaceId, organizationId, OR: [{ userId: { in: userIds } }, { teamId: { in: teamIds } }] },
      select: {
        id: true,
        role: true,
        userId: true,
        team: { select: { id: true, name: true, _count: { select: { members: true } } } },
      },
    }),
    ctx.db.organizationMembership.findMany({
      where: { organizationId, role: "ORGANIZATION_OWNER", userId: { in: userIds } },
      select: { userId: true },
    }),
    ctx.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }),
  ]);
  const ownerIds = new Set(owners.map((o) => o.userId));
  const userById = new Map(users.map((u) => [u.id, u]));
  const members = new Map<string, WorkspaceMember>();
  for (const binding of bindings) {
    const user = binding.userId ? userById.get(binding.userId) : undefined;
    if (user) {
      members.set(`user:${user.id}`, {
        type: "user",
        bindingId: binding.id,
        role: binding.role,
        organizationOwner: ownerIds.has(user.id),
        user,
      });
    } else if (binding.team) {
      const { _count, ...team } = binding.team;
      members.set(`team:${team.id}`, {
        type: "team",
        bindingId: binding.id,
        role: binding.role,
        team: { ...team, memberCount: _count.members },
      });
    }
  }
  for (const userId of ownerIds) {
    const user = userById.get(userId);
    if (user && !members.has(`user:${userId}`))
      members.set(`user:${userId}`, {
        type: "user",
        bindingId: null,
        role: "WORKSPACE_OWNER",
        organizationOwner: true,
        user,
      });
  }
  const items = pageKeys.flatMap((key) => members.get(key) ?? []);
  const last = items.at(-1);
  return { items, nextCursor: keys.length > ks.limit && last ? encodeCursor(memberKey(last)) : null };
}

/** Grants a workspace role to a member of the organization or to one of its teams. */
export async function grantWorkspaceRole(
  ctx: MutationContext,
  input: WorkspaceRoleChange,
): Promise<{ bindingId: string; role: WorkspaceRole }> {
  return mutate(ctx, { permission: "workspace.member.manage", resource: input }, async (tx) => {
    const { role } = input;
    const workspace = await findWorkspace(tx, input);
    const { subject, binding } = await grantBinding(tx, input.organizationId, input.subject, {
      existing: (columns) =>
        tx.workspaceRoleBinding.findFirst({
          where: { workspaceId: workspace.id, ...columns },
          select: { id: true },
        }),
      create: (columns) =>
        tx.workspaceRoleBinding.create({
          data: { organizationId: input.organizationId, workspaceId: workspace.id, role, ...columns },
          select: { id: true, role: true },
        }),
      alreadyHeld: (subject) => `${subject} already has a role in this workspace; change it instead`,
    });
    return {
      result: { bindingId: binding.id, role: binding.role },
      audit: bindingAudit("workspace.member.grant", workspaceTarget(workspace), subject, {
        from: null,
        to: role,
      }),
    };
  });
}

/**
 * Finds the binding a subject holds in the workspace. Looked up by the binding itself (not
 * through the subject's current membership), so a stale binding can still be revoked.
 */
async function findBinding(tx: TransactionClient, input: WorkspaceRoleSubject) {
  const workspace = await findWorkspace(tx, input);
  const wanted = input.subject;
  const { binding, subject } = boundSubject(
    await tx.workspaceRoleBinding.findFirst({
      where: { workspaceId: workspace.id, organizationId: input.organizationId, ...subjectWhere(wanted) },
      select: BINDING_SUBJECT_SELECT,
    }),
    "workspace role",
  );
  return { workspace, subject, binding };
}

/** Changes the role a user or team holds in the workspace. */
export async function updateWorkspaceRole(
  ctx: MutationContext,
  input: WorkspaceRoleChange,
): Promise<{ bindingId: string; role: WorkspaceRole }> {
  return mutate(ctx, { permission: "workspace.member.manage", resource: input }, async (tx) => {
    const { role } = input;
    const { workspace, subject, binding } = await findBinding(tx, input);
    await tx.workspaceRoleBinding.update({ where: { id: binding.id }, data: { role } });
    return {
      result: { bindingId: binding.id, role },
      audit: bindingAudit("workspace.member.update", workspaceTarget(workspace), subject, {
        from: binding.role,
        to: role,
      }),
    };
  });
}

/** Takes away the role a user or team holds in the workspace. */
export async function revokeWorkspaceRole(
  ctx: MutationContext,
  input: WorkspaceRoleSubject,
): Promise<{ bindingId: string }> {
  return mutate(ctx, { permission: "workspace.member.manage", resource: input }, async (tx) => {
    const { workspace, subject, binding } = await findBinding(tx, input);
    await tx.workspaceRoleBinding.delete({ where: { id: binding.id } });
    return {
      result: { bindingId: binding.id },
      audit: bindingAudit("workspace.member.revoke", workspaceTarget(workspace), subject, {
        from: binding.role,
        to: null,
      }),
    };
  });
}

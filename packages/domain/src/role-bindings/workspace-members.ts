import type { TransactionClient } from "@skyport/db";
import { authorize } from "../authz/authorize.ts";
import type { WorkspaceRole } from "../authz/roles.ts";
import { ConflictError, NotFoundError } from "../shared/errors.ts";
import type { WorkspaceRef } from "../shared/fields.types.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import { isUniqueViolation } from "../shared/prisma-errors.ts";
import { findWorkspace } from "../workspaces/workspaces.ts";
import type {
  MemberUser,
  WorkspaceMember,
  WorkspaceRoleChange,
  WorkspaceRoleSubject,
} from "./role-bindings.types.ts";
import {
  BINDING_SUBJECT_SELECT,
  describeSubject,
  resolveSubject,
  subjectColumns,
  subjectOfBinding,
  subjectTarget,
  subjectWhere,
} from "./subjects.ts";

export type { MemberUser, WorkspaceMember, WorkspaceRoleChange };

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** Users and teams with a role in the workspace, plus the organization owners who inherit one. */
export async function listWorkspaceMembers(
  ctx: MutationContext,
  ref: WorkspaceRef,
): Promise<WorkspaceMember[]> {
  await authorize(ctx.db, ctx.actor, "workspace.member.list", ref);
  const [bindings, owners] = await Promise.all([
    ctx.db.workspaceRoleBinding.findMany({
      where: { workspaceId: ref.workspaceId, organizationId: ref.organizationId },
      select: {
        id: true,
        role: true,
        user: { select: { id: true, name: true, email: true } },
        team: { select: { id: true, name: true, _count: { select: { members: true } } } },
      },
    }),
    ctx.db.organizationMembership.findMany({
      where: { organizationId: ref.organizationId, role: "ORGANIZATION_OWNER" },
      select: { user: { select: { id: true, name: true, email: true } } },
    }),
  ]);
  const ownerIds = new Set(owners.map((o) => o.user.id));

  const users: Extract<WorkspaceMember, { type: "user" }>[] = [];
  const teams: Extract<WorkspaceMember, { type: "team" }>[] = [];
  for (const binding of bindings) {
    if (binding.user) {
      users.push({
        type: "user",
        bindingId: binding.id,
        role: binding.role,
        organizationOwner: ownerIds.has(binding.user.id),
        user: binding.user,
      });
    } else if (binding.team) {
      const { _count, ...team } = binding.team;
      teams.push({
        type: "team",
        bindingId: binding.id,
        role: binding.role,
        team: { ...team, memberCount: _count.members },
      });
    }
  }
  const bound = new Set(users.map((u) => u.user.id));
  for (const { user } of owners) {
    if (!bound.has(user.id))
      users.push({ type: "user", bindingId: null, role: "WORKSPACE_OWNER", organizationOwner: true, user });
  }
  users.sort((a, b) => byName(a.user, b.user));
  teams.sort((a, b) => byName(a.team, b.team));
  return [...users, ...teams];
}

/** Grants a workspace role to a member of the organization or to one of its teams. */
export async function grantWorkspaceRole(
  ctx: MutationContext,
  input: WorkspaceRoleChange,
): Promise<{ bindingId: string; role: WorkspaceRole }> {
  return mutate(ctx, { permission: "workspace.member.manage", resource: input }, async (tx) => {
    const { role } = input;
    const workspace = await findWorkspace(tx, input);
    const subject = await resolveSubject(tx, input.organizationId, input.subject);
    const alreadyHeld = () =>
      new ConflictError(
        `${describeSubject(subject)} already has a role in this workspace; change it instead`,
        "subject",
      );
    const existing = await tx.workspaceRoleBinding.findFirst({
      where: { workspaceId: workspace.id, ...subjectColumns(subject) },
      select: { id: true },
    });
    if (existing) throw alreadyHeld();
    const binding = await tx.workspaceRoleBinding
      .create({
        data: {
          organizationId: input.organizationId,
          workspaceId: workspace.id,
          role,
          ...subjectColumns(subject),
        },
        select: { id: true, role: true },
      })
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? alreadyHeld() : error;
      });
    return {
      result: { bindingId: binding.id, role: binding.role },
      audit: {
        action: "workspace.member.grant",
        targets: [{ type: "workspace", id: workspace.id, label: workspace.name }, subjectTarget(subject)],
        metadata: { role: { from: null, to: role } },
      },
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
  const binding = await tx.workspaceRoleBinding.findFirst({
    where: {
      workspaceId: workspace.id,
      organizationId: input.organizationId,
      ...subjectWhere(wanted),
    },
    select: BINDING_SUBJECT_SELECT,
  });
  const subject = binding ? subjectOfBinding(binding) : null;
  if (!binding || !subject) throw new NotFoundError("workspace role");
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
      audit: {
        action: "workspace.member.update",
        targets: [{ type: "workspace", id: workspace.id, label: workspace.name }, subjectTarget(subject)],
        metadata: { role: { from: binding.role, to: role } },
      },
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
      audit: {
        action: "workspace.member.revoke",
        targets: [{ type: "workspace", id: workspace.id, label: workspace.name }, subjectTarget(subject)],
        metadata: { role: { from: binding.role, to: null } },
      },
    };
  });
}

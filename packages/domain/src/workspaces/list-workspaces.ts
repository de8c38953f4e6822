import { authorize, type Db, resolveAccess } from "../authz/authorize.ts";
import { highestWorkspaceRole, type WorkspaceRole } from "../authz/roles.ts";
import type { Actor } from "../shared/actor.ts";
import type { MutationContext } from "../shared/mutation.ts";
import type { WorkspaceSummary } from "./workspaces.ts";

const workspaceFields = {
  id: true,
  organizationId: true,
  name: true,
  description: true,
  createdAt: true,
  updatedAt: true,
} as const;

/**
 * The workspaces the caller can see, each with their effective role. Organization owners
 * (and organization-scoped owner tokens) see every workspace; other members see those where
 * they hold a role directly or through a team; a workspace-scoped token sees its own
 * workspace only.
 */
export async function listWorkspaces(
  ctx: MutationContext,
  input: { organizationId: string },
): Promise<WorkspaceSummary[]> {
  const { db, actor } = ctx;
  const { organizationId } = input;

  if (actor.type === "apiToken" && actor.scope === "WORKSPACE" && actor.workspaceId) {
    const access = await authorize(db, actor, "workspace.read", {
      organizationId,
      workspaceId: actor.workspaceId,
    });
    const workspaces = await db.workspace.findMany({
      where: { id: actor.workspaceId, organizationId },
      select: workspaceFields,
    });
    return workspaces.map((w) => ({ ...w, role: access.workspaceRole }));
  }

  const access = await authorize(db, actor, "workspace.list", { organizationId });
  const orderBy = [{ name: "asc" as const }, { createdAt: "asc" as const }];

  if (access.organizationRole === "ORGANIZATION_OWNER") {
    const all = await db.workspace.findMany({ where: { organizationId }, select: workspaceFields, orderBy });
    return all.map((w) => ({ ...w, role: "WORKSPACE_OWNER" as const }));
  }
  if (actor.type !== "user") return [];

  const heldBy = {
    OR: [{ userId: actor.userId }, { team: { members: { some: { userId: actor.userId } } } }],
  };
  const mine = await db.workspace.findMany({
    where: { organizationId, roleBindings: { some: heldBy } },
    select: { ...workspaceFields, roleBindings: { where: heldBy, select: { role: true } } },
    orderBy,
  });
  return mine.map(({ roleBindings, ...w }) => ({
    ...w,
    role: highestWorkspaceRole(roleBindings.map((b) => b.role)),
  }));
}

/**
 * The actor's effective role in a workspace: the highest of their direct binding, their
 * teams' bindings and organization-owner inheritance; null when they have none (or the
 * workspace is not in the organization).
 */
export async function effectiveWorkspaceRole(
  db: Db,
  actor: Actor,
  target: { organizationId: string; workspaceId: string },
): Promise<WorkspaceRole | null> {
  const access = await resolveAccess(db, actor, target);
  return access?.workspaceRole ?? null;
}

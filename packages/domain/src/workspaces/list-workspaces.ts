import type { Prisma } from "@skyport/db";
import { authorize, type Db, resolveAccess } from "../authz/authorize.ts";
import { highestWorkspaceRole, isWorkspaceRole, type WorkspaceRole } from "../authz/roles.ts";
import type { Actor } from "../shared/actor.ts";
import type { MutationContext } from "../shared/mutation.ts";
import { namedRecordFields as workspaceFields } from "../shared/names.ts";
import {
  keyset,
  keysetArgs,
  mapPage,
  type Page,
  type PageRequest,
  pageOfRows,
} from "../shared/pagination.ts";
import type { WorkspaceSummary } from "./workspaces.ts";

/** Bindings held by a user directly or through one of their teams. */
function heldBy(userId: string) {
  return { OR: [{ userId }, { team: { members: { some: { userId } } } }] };
}

/**
 * The WHERE condition of the workspaces of an organization the caller may read (the tenant
 * floor for cross-workspace lists), or null when there are none. Organization owners (and
 * organization-scoped owner tokens) read every workspace; other members those where they hold
 * a role directly or through a team; a workspace-scoped token its own workspace only.
 */
export async function readableWorkspaces(
  db: Db,
  actor: Actor,
  organizationId: string,
): Promise<Prisma.WorkspaceWhereInput | null> {
  if (actor.type === "apiToken" && actor.scope === "WORKSPACE" && actor.workspaceId) {
    await authorize(db, actor, "workspace.read", { organizationId, workspaceId: actor.workspaceId });
    return { id: actor.workspaceId, organizationId };
  }
  const access = await authorize(db, actor, "workspace.list", { organizationId });
  if (access.organizationRole === "ORGANIZATION_OWNER") return { organizationId };
  if (actor.type !== "user") return null;
  return { organizationId, roleBindings: { some: heldBy(actor.userId) } };
}

/**
 * A page of the workspaces the caller can see (see readableWorkspaces), in id order, each
 * with the caller's effective role.
 */
export async function listWorkspaces(
  ctx: Pick<MutationContext, "db" | "actor">,
  input: { organizationId: string } & PageRequest,
): Promise<Page<WorkspaceSummary>> {
  const { db, actor } = ctx;
  const ks = keyset(input);
  const where = await readableWorkspaces(db, actor, input.organizationId);
  if (where === null) return { items: [], nextCursor: null };
  const page = keysetArgs(ks);
  const query = { where: { ...where, ...page.where }, orderBy: page.orderBy, take: page.take };

  if (actor.type === "user" && "roleBindings" in where) {
    const rows = await db.workspace.findMany({
      ...query,
      select: { ...workspaceFields, roleBindings: { where: heldBy(actor.userId), select: { role: true } } },
    });
    return mapPage(
      pageOfRows(rows, ks, (w) => w.id),
      ({ roleBindings, ...w }) => ({
        ...w,
        role: highestWorkspaceRole(roleBindings.map((b) => b.role)),
      }),
    );
  }
  // Readable without a binding: a workspace token's own workspace (with the token's role), or
  // organization ownership (people, tokens, the system).
  const role =
    actor.type === "apiToken" && actor.scope === "WORKSPACE"
      ? isWorkspaceRole(actor.role)
        ? actor.role
        : null
      : ("WORKSPACE_OWNER" as const);
  const rows = await db.workspace.findMany({ ...query, select: workspaceFields });
  return mapPage(
    pageOfRows(rows, ks, (w) => w.id),
    (w) => ({ ...w, role }),
  );
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

// Where an environment object lives: on one deployment, or on a workspace (and from there linked
// to all of its deployments or to chosen ones). Every operation starts here: the caller's role is
// checked against the permission table and the ids are resolved with the tenant floor in the
// WHERE clause, so an id from another organization answers NOT_FOUND like a missing one.
import type { EnvironmentScope } from "@skyport/db";
import { allows, authorize, type Db } from "../authz/authorize.ts";
import { type Action, PERMISSIONS } from "../authz/permissions.ts";
import type { Actor } from "../shared/actor.ts";
import { ConflictError, NotFoundError } from "../shared/errors.ts";
import type { EnvironmentOwner } from "./environment.types.ts";

export type { EnvironmentOwner, EnvironmentScope };

export interface ResolvedOwner {
  scope: EnvironmentScope;
  organizationId: string;
  workspaceId: string;
  /** Set for DEPLOYMENT scope. */
  deploymentId: string | null;
  /** deploymentId for DEPLOYMENT scope, workspaceId for WORKSPACE scope (the uniqueness scope). */
  scopeId: string;
  /** The deployment's or workspace's name, for audit targets and messages. */
  name: string;
  /** Whether the caller may see non-secret values (secret ones are never shown). */
  canSeeValues: boolean;
}

export type OwnerNeed = "read" | "manage";

/** The columns that file a new object under its owner (and the owner's uniqueness scope). */
export function ownerColumns(owner: ResolvedOwner) {
  return {
    organizationId: owner.organizationId,
    workspaceId: owner.workspaceId,
    scope: owner.scope,
    deploymentId: owner.deploymentId,
    scopeId: owner.scopeId,
  };
}

/**
 * The permission an owner's environment needs: the ONE place the deployment-scope and
 * workspace-scope permissions of the table are chosen, for every kind and entry point.
 */
export const ENVIRONMENT_PERMISSIONS = {
  deployment: { read: "deployment.environment.read", manage: "deployment.environment.manage" },
  workspace: { read: "workspace.environment.read", manage: "workspace.environment.manage" },
} as const satisfies Record<EnvironmentOwner["kind"], Record<OwnerNeed, Action>>;

function actionFor(scope: EnvironmentScope, need: OwnerNeed): Action {
  return ENVIRONMENT_PERMISSIONS[scope === "DEPLOYMENT" ? "deployment" : "workspace"][need];
}

export function scopeOf(owner: EnvironmentOwner): EnvironmentScope {
  return owner.kind === "deployment" ? "DEPLOYMENT" : "WORKSPACE";
}

/**
 * Authorizes the caller for `need` on the owner and loads it. A deployment being deleted can
 * still be read but no longer changed.
 */
export async function resolveOwner(
  db: Db,
  actor: Actor,
  owner: EnvironmentOwner,
  need: OwnerNeed,
): Promise<ResolvedOwner> {
  const scope = scopeOf(owner);
  const { organizationId } = owner;
  if (owner.kind === "deployment") {
    const access = await authorize(db, actor, actionFor(scope, need), {
      organizationId,
      deploymentId: owner.deploymentId,
    });
    const deployment = await db.deployment.findFirst({
      where: { id: owner.deploymentId, organizationId, deletedAt: null },
      select: { id: true, workspaceId: true, name: true, status: true },
    });
    if (!deployment) throw new NotFoundError("deployment");
    if (need === "manage" && deployment.status === "DELETING") {
      throw new ConflictError(
        `deployment “${deployment.name}” is being deleted; its environment cannot change`,
      );
    }
    return {
      scope,
      organizationId,
      workspaceId: deployment.workspaceId,
      deploymentId: deployment.id,
      scopeId: deployment.id,
      name: deployment.name,
      canSeeValues: allows(PERMISSIONS[actionFor(scope, "manage")], access),
    };
  }
  const access = await authorize(db, actor, actionFor(scope, need), {
    organizationId,
    workspaceId: owner.workspaceId,
  });
  const workspace = await db.workspace.findFirst({
    where: { id: owner.workspaceId, organizationId },
    select: { id: true, name: true },
  });
  if (!workspace) throw new NotFoundError("workspace");
  return {
    scope,
    organizationId,
    workspaceId: workspace.id,
    deploymentId: null,
    scopeId: workspace.id,
    name: workspace.name,
    canSeeValues: allows(PERMISSIONS[actionFor(scope, "manage")], access),
  };
}

/** The audit target naming the owner. */
export function ownerTarget(owner: ResolvedOwner): { type: string; id: string; label: string } {
  return owner.scope === "DEPLOYMENT"
    ? { type: "deployment", id: owner.scopeId, label: owner.name }
    : { type: "workspace", id: owner.scopeId, label: owner.name };
}

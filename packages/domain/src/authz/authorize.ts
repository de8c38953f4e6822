import type { PrismaClient, TransactionClient } from "@skyport/db";
import { type Actor, actorId } from "../shared/actor.ts";
import { ForbiddenError, NotFoundError } from "../shared/errors.ts";
import { type Action, PERMISSIONS, type PermissionRule } from "./permissions.ts";
import {
  type DeploymentRole,
  highestWorkspaceRole,
  isOrganizationRole,
  isWorkspaceRole,
  type OrganizationRole,
  organizationRoleAtLeast,
  type WorkspaceRole,
  workspaceRoleAtLeast,
} from "./roles.ts";

export type Db = PrismaClient | TransactionClient;

/** What an action applies to. Ids come from callers and are verified here. */
export interface AccessTarget {
  organizationId: string;
  workspaceId?: string;
  deploymentId?: string;
}

/** The caller's effective roles at the target. */
export interface Access {
  organizationRole: OrganizationRole | null;
  workspaceRole: WorkspaceRole | null;
  deploymentRole: DeploymentRole | null;
}

/**
 * What a caller's own statement has already read about the target, under the same tenant floor,
 * so that resolving access need not read it again. `workspaceFound`: whether the workspace
 * `target.workspaceId` exists in `target.organizationId` (a statement that filters on both ids
 * and returns the workspace's row when it exists, as listDeployments' page does).
 */
export interface TargetFacts {
  workspaceFound?: boolean;
}

/**
 * Resolves the actor's effective roles at a target, verifying that the workspace and
 * deployment really belong to the organization (the tenant floor). Returns null when the
 * actor has no standing in the organization at all or an id does not belong to it:
 * callers answer NOT_FOUND, exactly as for a missing id.
 */
export async function resolveAccess(
  db: Db,
  actor: Actor,
  target: AccessTarget,
  facts: TargetFacts = {},
): Promise<Access | null> {
  if (target.workspaceId) {
    const found =
      facts.workspaceFound ??
      (await db.workspace.findFirst({
        where: { id: target.workspaceId, organizationId: target.organizationId },
        select: { id: true },
      })) !== null;
    if (!found) return null;
  }
  if (target.deploymentId) {
    const deployment = await db.deployment.findFirst({
      where: {
        id: target.deploymentId,
        organizationId: target.organizationId,
        ...(target.workspaceId ? { workspaceId: target.workspaceId } : {}),
        deletedAt: null,
      },
      select: { workspaceId: true },
    });
    if (!deployment) return null;
    target = { ...target, workspaceId: deployment.workspaceId };
  }

  switch (actor.type) {
    case "system":
      return {
        organizationRole: "ORGANIZATION_OWNER",
        workspaceRole: "WORKSPACE_OWNER",
        deploymentRole: "DEPLOYMENT_ADMIN",
      };
    case "apiToken":
      return tokenAccess(actor, target);
    case "user":
      return userAccess(db, actor.userId, target);
    default: {
      const exhaustive: never = actor;
      return exhaustive;
    }
  }
}

function tokenAccess(actor: Extract<Actor, { type: "apiToken" }>, target: AccessTarget): Access | null {
  if (actor.organizationId !== target.organizationId) return null;
  const access: Access = { organizationRole: null, workspaceRole: null, deploymentRole: null };
  switch (actor.scope) {
    case "ORGANIZATION":
      if (isOrganizationRole(actor.role)) {
        access.organizationRole = actor.role;
        if (actor.role === "ORGANIZATION_OWNER") access.workspaceRole = "WORKSPACE_OWNER";
      }
      return access;
    case "WORKSPACE":
      if (target.workspaceId && target.workspaceId === actor.workspaceId && isWorkspaceRole(actor.role)) {
        access.workspaceRole = actor.role;
      }
      return access;
    case "DEPLOYMENT":
      if (
        target.deploymentId &&
        target.deploymentId === actor.deploymentId &&
        actor.role === "DEPLOYMENT_ADMIN"
      ) {
        access.deploymentRole = "DEPLOYMENT_ADMIN";
      }
      return access;
    default: {
      const exhaustive: never = actor.scope;
      return exhaustive;
    }
  }
}

async function userAccess(db: Db, userId: string, target: AccessTarget): Promise<Access | null> {
  const membership = await db.organizationMembership.findUnique({
    where: { organizationId_userId: { organizationId: target.organizationId, userId } },
    select: { role: true },
  });
  if (!membership) return null;
  const access: Access = { organizationRole: membership.role, workspaceRole: null, deploymentRole: null };
  if (target.workspaceId) {
    if (membership.role === "ORGANIZATION_OWNER") {
      access.workspaceRole = "WORKSPACE_OWNER";
    } else {
      const bindings = await db.workspaceRoleBinding.findMany({
        where: {
          workspaceId: target.workspaceId,
          OR: [{ userId }, { team: { members: { some: { userId } } } }],
        },
        select: { role: true },
      });
      access.workspaceRole = highestWorkspaceRole(bindings.map((b) => b.role));
    }
  }
  if (target.deploymentId) {
    const binding = await db.deploymentRoleBinding.findFirst({
      where: {
        deploymentId: target.deploymentId,
        OR: [{ userId }, { team: { members: { some: { userId } } } }],
      },
      select: { role: true },
    });
    access.deploymentRole = binding?.role ?? null;
  }
  return access;
}

/** Whether the access satisfies one rule of the permission table. */
export function allows(rule: PermissionRule, access: Access): boolean {
  const { allow } = rule;
  if (allow.organization && organizationRoleAtLeast(access.organizationRole, allow.organization)) return true;
  if (allow.workspace && workspaceRoleAtLeast(access.workspaceRole, allow.workspace)) return true;
  if (allow.deployment && access.deploymentRole === allow.deployment) return true;
  return false;
}

function describeRule(rule: PermissionRule): string {
  const options = [rule.allow.organization, rule.allow.workspace, rule.allow.deployment].filter(Boolean);
  return options.length === 1 ? `${options[0]} or higher` : `${options.join(" or ")} (or higher)`;
}

function describeAccess(access: Access): string {
  const held = [access.organizationRole, access.workspaceRole, access.deploymentRole].filter(Boolean);
  return held.length ? held.join(", ") : "no role here";
}

/**
 * The one authorization check every entry point goes through. Throws NotFoundError when
 * the target is outside the actor's tenant (or does not exist), ForbiddenError when the
 * actor's role is too weak; otherwise returns the actor's access. `facts` are what the
 * caller's own statement already read about the target (see TargetFacts); the rule is the same.
 */
export async function authorize(
  db: Db,
  actor: Actor,
  action: Action,
  target: AccessTarget,
  facts: TargetFacts = {},
): Promise<Access> {
  const rule: PermissionRule = PERMISSIONS[action];
  const access = await resolveAccess(db, actor, target, facts);
  if (!access) throw new NotFoundError(notFoundResource(target));
  if (rule.usersOnly && actor.type !== "user") {
    throw new ForbiddenError(`${action} can only be done by a signed-in user, not an API token`);
  }
  if (!allows(rule, access)) {
    throw new ForbiddenError(
      `${action} needs ${describeRule(rule)}; ${actor.type === "apiToken" ? "this token has" : "you have"} ${describeAccess(access)}`,
    );
  }
  return access;
}

function notFoundResource(target: AccessTarget): string {
  if (target.deploymentId) return "deployment";
  if (target.workspaceId) return "workspace";
  return "organization";
}

export { actorId };

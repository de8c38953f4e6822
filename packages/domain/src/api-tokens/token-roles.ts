import type { ApiTokenScope } from "@skyport/db";
import { type Access, allows } from "../authz/authorize.ts";
import { type Action, PERMISSIONS, type PermissionRule } from "../authz/permissions.ts";
import {
  DEPLOYMENT_ROLES,
  isDeploymentRole,
  isOrganizationRole,
  isWorkspaceRole,
  ORGANIZATION_ROLES,
  organizationRoleAtLeast,
  WORKSPACE_ROLES,
  workspaceRoleAtLeast,
} from "../authz/roles.ts";

export type { ApiTokenScope };

export const API_TOKEN_SCOPES = [
  "ORGANIZATION",
  "WORKSPACE",
  "DEPLOYMENT",
] as const satisfies readonly ApiTokenScope[];

/** The roles a token of each scope may carry, strongest first (the order forms offer them in). */
export const API_TOKEN_ROLES = {
  ORGANIZATION: [...ORGANIZATION_ROLES].reverse(),
  WORKSPACE: [...WORKSPACE_ROLES].reverse(),
  DEPLOYMENT: [...DEPLOYMENT_ROLES],
} as const satisfies Record<ApiTokenScope, readonly string[]>;

export function isRoleOfScope(scope: ApiTokenScope, role: string): boolean {
  switch (scope) {
    case "ORGANIZATION":
      return isOrganizationRole(role);
    case "WORKSPACE":
      return isWorkspaceRole(role);
    case "DEPLOYMENT":
      return isDeploymentRole(role);
    default: {
      const exhaustive: never = scope;
      return exhaustive;
    }
  }
}

const ROLE_SUMMARIES: Record<string, string> = {
  ORGANIZATION_OWNER: "Full control of the organization, its workspaces, members, tokens and audit log",
  ORGANIZATION_BILLING_ADMIN: "Reads the organization; manages billing",
  ORGANIZATION_MEMBER: "Reads the organization, its members, teams and workspace list",
  WORKSPACE_OWNER: "Full control of the workspace: settings, members, tokens and deployments",
  WORKSPACE_OPERATOR: "Creates, changes and deletes the workspace's deployments",
  WORKSPACE_AUTHOR: "Reads the workspace and its deployments (deploys code when that arrives)",
  WORKSPACE_MEMBER: "Reads the workspace and its deployments",
  DEPLOYMENT_ADMIN: "Reads, changes and deletes one deployment; manages its tokens",
};

/** A one-line, human description of what a token with this role can do (for the console). */
export function describeTokenRole(role: string): string {
  return ROLE_SUMMARIES[role] ?? "Unknown role";
}

/** What a token of this scope and role may do at its own target, exactly as authorize() resolves it. */
export function tokenAccessAtTarget(scope: ApiTokenScope, role: string): Access {
  const access: Access = { organizationRole: null, workspaceRole: null, deploymentRole: null };
  if (scope === "ORGANIZATION" && isOrganizationRole(role)) {
    access.organizationRole = role;
    if (role === "ORGANIZATION_OWNER") access.workspaceRole = "WORKSPACE_OWNER";
  } else if (scope === "WORKSPACE" && isWorkspaceRole(role)) {
    access.workspaceRole = role;
  } else if (scope === "DEPLOYMENT" && isDeploymentRole(role)) {
    access.deploymentRole = role;
  }
  return access;
}

function actionsAllowed(access: Access): Action[] {
  return (Object.entries(PERMISSIONS) as Array<[Action, PermissionRule]>)
    .filter(([, rule]) => !rule.usersOnly && allows(rule, access))
    .map(([action]) => action);
}

/**
 * The actions a token of this scope and role would be allowed that the creator is not
 * (usersOnly actions are never a token's). Comparing against the permission table, not
 * just role names, keeps "never more than its creator" true however the table evolves.
 */
export function rightsBeyondCreator(creator: Access, scope: ApiTokenScope, role: string): Action[] {
  const creatorActions = new Set(actionsAllowed(normalizeCreatorAccess(creator)));
  return actionsAllowed(tokenAccessAtTarget(scope, role)).filter((action) => !creatorActions.has(action));
}

/**
 * Whether the creator may give a token of this scope this role: their own role at that
 * scope is at least as strong (an organization owner counts as WORKSPACE_OWNER everywhere),
 * and the token would not be allowed any action the creator is not.
 */
export function creatorMayGrant(creator: Access, scope: ApiTokenScope, role: string): boolean {
  const held = normalizeCreatorAccess(creator);
  if (
    scope === "ORGANIZATION" &&
    !(isOrganizationRole(role) && organizationRoleAtLeast(held.organizationRole, role))
  )
    return false;
  if (scope === "WORKSPACE" && !(isWorkspaceRole(role) && workspaceRoleAtLeast(held.workspaceRole, role)))
    return false;
  if (!isRoleOfScope(scope, role)) return false;
  return rightsBeyondCreator(creator, scope, role).length === 0;
}

/** The strongest role of the scope the creator may give a token, or null when none. */
export function strongestGrantableRole(creator: Access, scope: ApiTokenScope): string | null {
  return API_TOKEN_ROLES[scope].find((role) => creatorMayGrant(creator, scope, role)) ?? null;
}

// Organization owners hold WORKSPACE_OWNER on every workspace, also when the access was
// resolved at the organization itself (where no workspace is named).
function normalizeCreatorAccess(access: Access): Access {
  if (access.organizationRole === "ORGANIZATION_OWNER" && access.workspaceRole === null) {
    return { ...access, workspaceRole: "WORKSPACE_OWNER" };
  }
  return access;
}

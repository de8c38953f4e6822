import type { DeploymentRole, OrganizationRole, WorkspaceRole } from "@skyport/db";

/** Roles from weakest to strongest; a role includes every right of the roles before it. */
export const ORGANIZATION_ROLES = [
  "ORGANIZATION_MEMBER",
  "ORGANIZATION_BILLING_ADMIN",
  "ORGANIZATION_OWNER",
] as const satisfies readonly OrganizationRole[];

export const WORKSPACE_ROLES = [
  "WORKSPACE_MEMBER",
  "WORKSPACE_AUTHOR",
  "WORKSPACE_OPERATOR",
  "WORKSPACE_OWNER",
] as const satisfies readonly WorkspaceRole[];

export const DEPLOYMENT_ROLES = ["DEPLOYMENT_ADMIN"] as const satisfies readonly DeploymentRole[];

export type { DeploymentRole, OrganizationRole, WorkspaceRole };

function rank<R extends string>(order: readonly R[], role: R | null | undefined): number {
  return role ? order.indexOf(role) : -1;
}

export function organizationRoleAtLeast(
  role: OrganizationRole | null | undefined,
  minimum: OrganizationRole,
): boolean {
  return rank(ORGANIZATION_ROLES, role) >= rank(ORGANIZATION_ROLES, minimum);
}

export function workspaceRoleAtLeast(
  role: WorkspaceRole | null | undefined,
  minimum: WorkspaceRole,
): boolean {
  return rank(WORKSPACE_ROLES, role) >= rank(WORKSPACE_ROLES, minimum);
}

/** The strongest of several workspace roles (direct, through teams, inherited). */
export function highestWorkspaceRole(
  roles: ReadonlyArray<WorkspaceRole | null | undefined>,
): WorkspaceRole | null {
  let best: WorkspaceRole | null = null;
  for (const role of roles)
    if (role && rank(WORKSPACE_ROLES, role) > rank(WORKSPACE_ROLES, best)) best = role;
  return best;
}

export function isOrganizationRole(value: string): value is OrganizationRole {
  return (ORGANIZATION_ROLES as readonly string[]).includes(value);
}

export function isWorkspaceRole(value: string): value is WorkspaceRole {
  return (WORKSPACE_ROLES as readonly string[]).includes(value);
}

export function isDeploymentRole(value: string): value is DeploymentRole {
  return (DEPLOYMENT_ROLES as readonly string[]).includes(value);
}

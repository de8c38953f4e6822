import { allows, type OrganizationRole, PERMISSIONS, type WorkspaceRole } from "@skyport/domain";

export interface ConsoleSection {
  segment: string;
  label: string;
}

/** What the signed-in person holds in the organization, as far as the sidebar cares. */
export interface ConsoleAccess {
  organizationRole: OrganizationRole | null;
  /** Their role in each workspace they have one in. */
  workspaceRoles: readonly WorkspaceRole[];
}

const can = (rule: (typeof PERMISSIONS)[keyof typeof PERMISSIONS], access: ConsoleAccess) =>
  allows(rule, { organizationRole: access.organizationRole, workspaceRole: null, deploymentRole: null }) ||
  access.workspaceRoles.some((workspaceRole) =>
    allows(rule, { organizationRole: null, workspaceRole, deploymentRole: null }),
  );

/**
 * The organization's sections the person can use: failing DAGs across its deployments, the
 * audit log for those who may read it,
 * API tokens for those who may manage organization or workspace tokens (the page manages
 * those two), straight from the permission table. Sections they cannot use are not offered.
 */
export function consoleSections(access: ConsoleAccess): ConsoleSection[] {
  const sections: ConsoleSection[] = [
    { segment: "workspaces", label: "Workspaces" },
    { segment: "teams", label: "Teams" },
    { segment: "members", label: "Members" },
  ];
  if (can(PERMISSIONS["organization.failingDags.read"], access)) {
    sections.splice(1, 0, { segment: "failing-dags", label: "Failing DAGs" });
  }
  if (
    can(PERMISSIONS["apiToken.organization.manage"], access) ||
    can(PERMISSIONS["apiToken.workspace.manage"], access)
  ) {
    sections.push({ segment: "api-tokens", label: "API tokens" });
  }
  if (can(PERMISSIONS["notificationChannel.organization.read"], access)) {
    sections.push({ segment: "notification-channels", label: "Notification channels" });
  }
  if (can(PERMISSIONS["audit.read"], access)) sections.push({ segment: "audit-log", label: "Audit log" });
  if (can(PERMISSIONS["billing.read"], access)) sections.push({ segment: "billing", label: "Billing" });
  sections.push({ segment: "settings", label: "Settings" });
  return sections;
}

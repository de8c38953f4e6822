// Who may manage alert rules and channels where, straight from the permission table, for
// server pages deciding whether to offer forms and buttons. The server checks every call
// anyway; this keeps the page from offering what it would refuse.
import { allows, type OrganizationRole, PERMISSIONS, type WorkspaceRole } from "@skyport/domain";
import { getServerCaller } from "@/server/trpc/server-caller.ts";

const roles = (workspaceRole: WorkspaceRole | null, deploymentRole: "DEPLOYMENT_ADMIN" | null = null) => ({
  organizationRole: null,
  workspaceRole,
  deploymentRole,
});

/** The caller's role in a workspace (org owners are owners), or null when they hold none there. */
export async function workspaceRole(
  organizationId: string,
  workspaceId: string,
): Promise<WorkspaceRole | null> {
  const caller = await getServerCaller();
  return caller.workspace
    .get({ organizationId, workspaceId })
    .then((workspace) => workspace.role)
    .catch(() => null);
}

export async function canManageWorkspaceAlerts(
  organizationId: string,
  workspaceId: string,
): Promise<boolean> {
  return allows(
    PERMISSIONS["alert.workspace.manage"],
    roles(await workspaceRole(organizationId, workspaceId)),
  );
}

/**
 * A deployment's rules and channels: Workspace operator and above, or Deployment admin. The
 * deployment view tells a Deployment admin apart by `can.manageEnvironment` (which a workspace
 * role below author cannot give).
 */
export async function canManageDeploymentAlerts(deployment: {
  organizationId: string;
  workspaceId: string;
  can: { manageEnvironment: boolean };
}): Promise<boolean> {
  const role = await workspaceRole(deployment.organizationId, deployment.workspaceId);
  if (allows(PERMISSIONS["alert.deployment.manage"], roles(role))) return true;
  const authorOrAbove = allows(PERMISSIONS["workspace.environment.manage"], roles(role));
  return deployment.can.manageEnvironment && !authorOrAbove;
}

export function canManageOrganizationChannels(organizationRole: OrganizationRole | null): boolean {
  return allows(PERMISSIONS["notificationChannel.organization.manage"], {
    organizationRole,
    workspaceRole: null,
    deploymentRole: null,
  });
}

// Who may manage a workspace's status reports (Workspace author and above), straight from the
// permission table, so pages offer members the same content without forms or buttons.
import { allows, PERMISSIONS } from "@skyport/domain";
import { workspaceRole } from "@/components/alerts/alert-access.ts";

export async function canManageWorkspaceReports(
  organizationId: string,
  workspaceId: string,
): Promise<boolean> {
  return allows(PERMISSIONS["report.workspace.manage"], {
    organizationRole: null,
    workspaceRole: await workspaceRole(organizationId, workspaceId),
    deploymentRole: null,
  });
}

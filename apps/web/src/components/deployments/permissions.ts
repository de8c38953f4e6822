import { allows, PERMISSIONS } from "@skyport/domain";

/** Whether a workspace role may create deployments, straight from the permission table. */
export function canCreateDeployments(workspaceRole: string | null): boolean {
  if (!workspaceRole) return false;
  return allows(PERMISSIONS["deployment.create"], {
    organizationRole: null,
    workspaceRole: workspaceRole as Parameters<typeof allows>[1]["workspaceRole"],
    deploymentRole: null,
  });
}

// Who may change (and see the non-secret values of) an environment, straight from the permission
// table, for server pages deciding whether to show forms. The server checks every call anyway;
// this only keeps the page from offering what it would refuse, and says why.
import { allows, PERMISSIONS } from "@skyport/domain";

type WorkspaceRole = Parameters<typeof allows>[1]["workspaceRole"];

export interface EnvironmentAccess {
  /** Whether to offer create, change, import and delete (non-secret values come from the server). */
  canManage: boolean;
  /** Whether the server shows this caller non-secret values (names-only readers see none). */
  seesValues: boolean;
  /** Why the page is read-only, when it is. */
  readOnlyReason: string | null;
}

const NAMES_ONLY =
  "You see names only. Values and changes need the Workspace author role or higher in this workspace";

function access(workspaceRole: string | null, deploymentRole: "DEPLOYMENT_ADMIN" | null) {
  return { organizationRole: null, workspaceRole: workspaceRole as WorkspaceRole, deploymentRole };
}

/** A workspace's environment; `workspaceRole` as `workspace.get` reports it (org owners are owners). */
export function workspaceEnvironmentAccess(workspaceRole: string | null): EnvironmentAccess {
  const canManage = allows(PERMISSIONS["workspace.environment.manage"], access(workspaceRole, null));
  return { canManage, seesValues: canManage, readOnlyReason: canManage ? null : `${NAMES_ONLY}.` };
}

/**
 * A deployment's environment: `canManageEnvironment` is `deployment.get`'s
 * `can.manageEnvironment`, which the domain computes from the caller's roles (a Deployment
 * admin without a workspace role included).
 */
export function deploymentEnvironmentAccess({
  canManageEnvironment,
  deleting,
}: {
  canManageEnvironment: boolean;
  deleting: boolean;
}): EnvironmentAccess {
  if (!canManageEnvironment) {
    return {
      canManage: false,
      seesValues: false,
      readOnlyReason: `${NAMES_ONLY}, or the Deployment admin role on this deployment.`,
    };
  }
  if (deleting) {
    return {
      canManage: false,
      seesValues: true,
      readOnlyReason: "This deployment is being deleted; its environment can no longer change.",
    };
  }
  return { canManage: true, seesValues: true, readOnlyReason: null };
}

// Where an alert rule or notification channel lives (organization, workspace or deployment),
// resolved to the permission that guards it. Ids come from callers and are verified by
// authorize() (the tenant floor): a deployment of another workspace answers NOT_FOUND.
import type { AccessTarget } from "../authz/authorize.ts";
import type { Action } from "../authz/permissions.ts";
import { authorizeRead, type MutationContext } from "../shared/mutation.ts";
import type { ChannelScope } from "./alerts.types.ts";

export interface AlertOwner {
  organizationId: string;
  workspaceId?: string | null;
  deploymentId?: string | null;
}

export function ownerScope(owner: AlertOwner): ChannelScope {
  if (owner.deploymentId) return "DEPLOYMENT";
  if (owner.workspaceId) return "WORKSPACE";
  return "ORGANIZATION";
}

/** The permission (read or manage) at the owner's level, and the resource it is checked on. */
export function ownerPermission(
  owner: AlertOwner,
  mode: "read" | "manage",
): { permission: Action; resource: AccessTarget } {
  const { organizationId } = owner;
  const scope = ownerScope(owner);
  switch (scope) {
    case "DEPLOYMENT":
      return {
        permission: mode === "read" ? "alert.deployment.read" : "alert.deployment.manage",
        resource: {
          organizationId,
          deploymentId: owner.deploymentId as string,
          ...(owner.workspaceId ? { workspaceId: owner.workspaceId } : {}),
        },
      };
    case "WORKSPACE":
      return {
        permission: mode === "read" ? "alert.workspace.read" : "alert.workspace.manage",
        resource: { organizationId, workspaceId: owner.workspaceId as string },
      };
    case "ORGANIZATION":
      return {
        permission:
          mode === "read"
            ? "notificationChannel.organization.read"
            : "notificationChannel.organization.manage",
        resource: { organizationId },
      };
    default: {
      const exhaustive: never = scope;
      return exhaustive;
    }
  }
}

/** An alerting object (rule or channel) once the caller is checked to read it at its owner's level. */
export async function readAtOwner<T extends AlertOwner>(
  ctx: Pick<MutationContext, "db" | "actor">,
  lookup: Promise<T>,
): Promise<T> {
  const row = await lookup;
  await authorizeRead(ctx, ownerPermission(row, "read"));
  return row;
}

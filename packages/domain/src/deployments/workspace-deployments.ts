import type { Db } from "../authz/authorize.ts";

/**
 * Which of `ids` name live (not deleted) deployments of the workspace, the organization and
 * workspace forming the tenant floor; callers report the others as "not a deployment of this
 * workspace" on their own field.
 */
export async function liveWorkspaceDeploymentIds(
  db: Db,
  workspace: { organizationId: string; workspaceId: string },
  ids: readonly string[],
): Promise<Set<string>> {
  const found = await db.deployment.findMany({
    where: {
      id: { in: [...new Set(ids)] },
      organizationId: workspace.organizationId,
      workspaceId: workspace.workspaceId,
      deletedAt: null,
    },
    select: { id: true },
  });
  return new Set(found.map((deployment) => deployment.id));
}

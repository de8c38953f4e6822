import type { AuditTarget } from "../audit/record.ts";
import { authorize } from "../authz/authorize.ts";
import { ConflictError, NotFoundError } from "../shared/errors.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import { apiTokenManageAction } from "./create.ts";
import { type ApiTokenView, apiTokenViewSelect, toApiTokenView } from "./view.ts";

export interface RevokeApiTokenInput {
  organizationId: string;
  apiTokenId: string;
}

/**
 * Revokes a token at once: it stops authenticating on its next use. The permission needed
 * follows the token's scope. Revoking twice is a conflict, not a silent success, so a
 * script learns that someone else got there first.
 */
export async function revokeApiToken(
  ctx: MutationContext,
  input: RevokeApiTokenInput,
): Promise<ApiTokenView> {
  const { organizationId, apiTokenId } = input;
  const token = await ctx.db.apiToken.findFirst({
    where: { id: apiTokenId, organizationId },
    select: { scope: true, workspaceId: true, deploymentId: true },
  });
  if (!token) throw new NotFoundError("API token");
  try {
    await authorize(ctx.db, ctx.actor, apiTokenManageAction(token.scope), {
      organizationId,
      ...(token.scope === "WORKSPACE" && token.workspaceId ? { workspaceId: token.workspaceId } : {}),
      ...(token.scope === "DEPLOYMENT" && token.deploymentId ? { deploymentId: token.deploymentId } : {}),
    });
  } catch (error) {
    // Someone outside the organization must not learn that the id exists.
    if (error instanceof NotFoundError) throw new NotFoundError("API token");
    throw error;
  }

  return mutate(ctx, async (tx) => {
    const revokedAt = new Date();
    const { count } = await tx.apiToken.updateMany({
      where: { id: apiTokenId, organizationId, revokedAt: null },
      data: { revokedAt },
    });
    if (count === 0) throw new ConflictError("this API token is already revoked");
    const row = await tx.apiToken.findFirstOrThrow({
      where: { id: apiTokenId, organizationId },
      select: apiTokenViewSelect,
    });
    const targets: AuditTarget[] = [{ type: "apiToken", id: row.id, label: row.name }];
    if (row.scope === "WORKSPACE" && row.workspaceId)
      targets.push({
        type: "workspace",
        id: row.workspaceId,
        ...(row.workspace ? { label: row.workspace.name } : {}),
      });
    if (row.scope === "DEPLOYMENT" && row.deploymentId)
      targets.push({
        type: "deployment",
        id: row.deploymentId,
        ...(row.deployment ? { label: row.deployment.name } : {}),
      });
    return {
      result: toApiTokenView(row, revokedAt),
      audit: {
        organizationId,
        action: "apiToken.revoke",
        targets,
        metadata: { name: row.name, scope: row.scope, role: row.role, prefix: row.prefix },
      },
    };
  });
}

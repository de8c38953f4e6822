import { ConflictError, NotFoundError } from "../shared/errors.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import type { RevokeApiTokenInput } from "./api-tokens.types.ts";
import { apiTokenCache } from "./authenticate.ts";
import { apiTokenManageAction } from "./create.ts";
import { type ApiTokenView, apiTokenAuditTargets, apiTokenViewSelect, toApiTokenView } from "./view.ts";

export type { RevokeApiTokenInput };

/**
 * Revokes a token: it stops authenticating on its next use in this process, and in every other
 * web process within API_TOKEN_CACHE_TTL_MS (see authenticate.ts). The permission needed
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
  // The permission follows the token's own scope, so the token is looked up (tenant floor in
  // the WHERE clause) before `mutate` authorizes.
  const resource = {
    organizationId,
    ...(token.scope === "WORKSPACE" && token.workspaceId ? { workspaceId: token.workspaceId } : {}),
    ...(token.scope === "DEPLOYMENT" && token.deploymentId ? { deploymentId: token.deploymentId } : {}),
  };
  const view = await mutate(ctx, { permission: apiTokenManageAction(token.scope), resource }, async (tx) => {
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
    const targets = apiTokenAuditTargets(row);
    return {
      result: toApiTokenView(row, revokedAt),
      audit: {
        action: "apiToken.revoke",
        targets,
        metadata: { name: row.name, scope: row.scope, role: row.role, prefix: row.prefix },
      },
    };
  }).catch((error: unknown) => {
    // Someone outside the organization must not learn that the id exists.
    throw error instanceof NotFoundError ? new NotFoundError("API token") : error;
  });
  // After the commit: this process stops accepting the token at once (others within the TTL).
  apiTokenCache.forget((actor) => actor.tokenId === apiTokenId);
  return view;
}

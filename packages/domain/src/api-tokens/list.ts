import type { Prisma } from "@skyport/db";
import { authorize } from "../authz/authorize.ts";
import type { MutationContext } from "../shared/mutation.ts";
import { mapPage, type Page, readPage } from "../shared/pagination.ts";
import type { ListApiTokensInput } from "./api-tokens.types.ts";
import { type ApiTokenView, apiTokenViewSelect, toApiTokenView } from "./view.ts";

export type ReadContext = Pick<MutationContext, "db" | "actor">;

export type { ListApiTokensInput };

/**
 * A page of tokens in id order, revoked and expired ones included, with their status, never
 * their secrets. Listing the whole organization
 * needs apiToken.organization.manage; a workspace's tokens apiToken.workspace.manage; a
 * deployment's tokens apiToken.deployment.manage.
 */
export async function listApiTokens(
  ctx: ReadContext,
  input: ListApiTokensInput,
): Promise<Page<ApiTokenView>> {
  const { organizationId } = input;
  const where: Prisma.ApiTokenWhereInput = { organizationId };
  if (input.deploymentId) {
    await authorize(ctx.db, ctx.actor, "apiToken.deployment.manage", {
      organizationId,
      deploymentId: input.deploymentId,
      ...(input.workspaceId ? { workspaceId: input.workspaceId } : {}),
    });
    where.deploymentId = input.deploymentId;
  } else if (input.workspaceId) {
    await authorize(ctx.db, ctx.actor, "apiToken.workspace.manage", {
      organizationId,
      workspaceId: input.workspaceId,
    });
    where.workspaceId = input.workspaceId;
  } else {
    await authorize(ctx.db, ctx.actor, "apiToken.organization.manage", { organizationId });
  }
  const rows = await readPage(
    input,
    (args) =>
      ctx.db.apiToken.findMany({ ...args, where: { ...where, ...args.where }, select: apiTokenViewSelect }),
    (row) => row.id,
  );
  const now = new Date();
  return mapPage(rows, (row) => toApiTokenView(row, now));
}

import { listApiTokens, pageInputShape, pageSchema } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { apiTokenSchema, idSchema, organizationIdSchema } from "./schemas.ts";

export const apiTokenListInput = z.object({
  organizationId: organizationIdSchema,
  workspaceId: idSchema.nullish(),
  deploymentId: idSchema.nullish(),
  ...pageInputShape,
});
export const apiTokenListOutput = pageSchema(apiTokenSchema);

/**
 * Organization-level permission in meta; listing one workspace's or deployment's tokens is
 * checked in the domain against apiToken.workspace.manage / apiToken.deployment.manage.
 */
export const apiTokenList = protectedProcedure
  .meta({ permission: "apiToken.organization.manage" })
  .input(apiTokenListInput)
  .output(apiTokenListOutput)
  .query(({ ctx, input }) => listApiTokens(ctx.domain, input));

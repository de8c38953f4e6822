import { revokeApiToken } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { apiTokenSchema, idSchema, organizationIdSchema } from "./schemas.ts";

export const apiTokenRevokeInput = z.object({ organizationId: organizationIdSchema, apiTokenId: idSchema });
export const apiTokenRevokeOutput = apiTokenSchema;

/**
 * Organization-level permission in meta; the domain checks the action matching the
 * token's own scope (workspace owners revoke their workspace's tokens).
 */
export const apiTokenRevoke = protectedProcedure
  .meta({ permission: "apiToken.organization.manage" })
  .input(apiTokenRevokeInput)
  .output(apiTokenRevokeOutput)
  .mutation(({ ctx, input }) => revokeApiToken(ctx.domain, input));

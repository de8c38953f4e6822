import { apiTokenSchema, revokeApiToken, revokeApiTokenInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/**
 * Organization-level permission in meta; the domain checks the action matching the
 * token's own scope (workspace owners revoke their workspace's tokens).
 */
export const apiTokenRevoke = protectedProcedure
  .meta({ permission: "apiToken.organization.manage" })
  .input(revokeApiTokenInput)
  .output(outputView(apiTokenSchema))
  .mutation(({ ctx, input }) => revokeApiToken(ctx.domain, input));

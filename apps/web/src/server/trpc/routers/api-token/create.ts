import { createApiToken, createApiTokenInput, createdApiTokenSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/**
 * The permission in meta is the organization-level one (what the authorization matrix
 * exercises). The domain enforces the action matching the requested scope:
 * apiToken.workspace.manage for workspace tokens, apiToken.deployment.manage for
 * deployment tokens, and that the token's role does not exceed the creator's.
 */
export const apiTokenCreate = protectedProcedure
  .meta({ permission: "apiToken.organization.manage" })
  .input(createApiTokenInput)
  .output(outputView(createdApiTokenSchema))
  .mutation(({ ctx, input }) => createApiToken(ctx.domain, input));

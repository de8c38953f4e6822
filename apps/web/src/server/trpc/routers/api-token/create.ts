import { createApiToken } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import {
  apiTokenNameSchema,
  apiTokenRoleSchema,
  apiTokenSchema,
  apiTokenScopeSchema,
  expiresInDaysSchema,
  idSchema,
  organizationIdSchema,
} from "./schemas.ts";

export const apiTokenCreateInput = z.object({
  organizationId: organizationIdSchema,
  scope: apiTokenScopeSchema,
  workspaceId: idSchema.nullish(),
  deploymentId: idSchema.nullish(),
  role: apiTokenRoleSchema,
  name: apiTokenNameSchema,
  description: z.string().trim().max(500, "Use at most 500 characters").nullish(),
  expiresInDays: expiresInDaysSchema.nullish(),
  expiresAt: z.date().nullish(),
});

/** The only response that ever carries a token's secret: right after it is minted. */
export const apiTokenCreateOutput = z.strictObject({
  token: z.string().regex(/^skp_[A-Za-z0-9_-]{43}$/),
  apiToken: apiTokenSchema,
});

/**
 * The permission in meta is the organization-level one (what the authorization matrix
 * exercises). The domain enforces the action matching the requested scope:
 * apiToken.workspace.manage for workspace tokens, apiToken.deployment.manage for
 * deployment tokens, and that the token's role does not exceed the creator's.
 */
export const apiTokenCreate = protectedProcedure
  .meta({ permission: "apiToken.organization.manage" })
  .input(apiTokenCreateInput)
  .output(apiTokenCreateOutput)
  .mutation(({ ctx, input }) => createApiToken(ctx.domain, input));

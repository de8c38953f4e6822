import { apiTokenSchema, listApiTokens, listApiTokensInput, pageSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/**
 * Organization-level permission in meta; listing one workspace's or deployment's tokens is
 * checked in the domain against apiToken.workspace.manage / apiToken.deployment.manage.
 */
export const apiTokenList = protectedProcedure
  .meta({ permission: "apiToken.organization.manage" })
  .input(listApiTokensInput)
  .output(outputView(pageSchema(apiTokenSchema)))
  .query(({ ctx, input }) => listApiTokens(ctx.domain, input));

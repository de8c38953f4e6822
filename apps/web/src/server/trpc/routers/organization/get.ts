import { getOrganization, getOrganizationInput, organizationDetailsSchema } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";

export const organizationGet = protectedProcedure
  .meta({ permission: "organization.read" })
  .input(getOrganizationInput)
  .output(organizationDetailsSchema)
  .query(({ ctx, input }) => getOrganization(ctx.domain.db, ctx.domain.actor, input.organizationId));

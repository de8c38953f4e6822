import { getOrganization, getOrganizationInput, organizationDetailsSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

export const organizationGet = protectedProcedure
  .meta({ permission: "organization.read" })
  .input(getOrganizationInput)
  .output(outputView(organizationDetailsSchema))
  .query(({ ctx, input }) => getOrganization(ctx.domain.db, ctx.domain.actor, input.organizationId));

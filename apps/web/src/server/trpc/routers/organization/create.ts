import { createOrganization, createOrganizationInput, organizationSchema } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";

/** Any signed-in user may create an organization and becomes its owner. */
export const organizationCreate = protectedProcedure
  .meta({ permission: "authenticated" })
  .input(createOrganizationInput)
  .output(organizationSchema)
  .mutation(({ ctx, input }) => createOrganization(ctx.domain, input));

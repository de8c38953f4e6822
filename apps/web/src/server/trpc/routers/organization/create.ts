import { createOrganization, createOrganizationInput, organizationSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Any signed-in user may create an organization and becomes its owner. */
export const organizationCreate = protectedProcedure
  .meta({ permission: "authenticated" })
  .input(createOrganizationInput)
  .output(outputView(organizationSchema))
  .mutation(({ ctx, input }) => createOrganization(ctx.domain, input));

import { organizationSchema, renameOrganization, renameOrganizationInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

export const organizationRename = protectedProcedure
  .meta({ permission: "organization.update" })
  .input(renameOrganizationInput)
  .output(outputView(organizationSchema))
  .mutation(({ ctx, input }) => renameOrganization(ctx.domain, input));

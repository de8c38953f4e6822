import { organizationSchema, renameOrganization, renameOrganizationInput } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";

export const organizationRename = protectedProcedure
  .meta({ permission: "organization.update" })
  .input(renameOrganizationInput)
  .output(organizationSchema)
  .mutation(({ ctx, input }) => renameOrganization(ctx.domain, input));

import { renameOrganization } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { organizationIdSchema } from "./schemas.ts";

export const organizationRenameInput = z.object({
  organizationId: organizationIdSchema,
  name: z.string().max(200, "is too long"),
});
export const organizationRenameOutput = z.object({ id: z.string(), name: z.string(), slug: z.string() });

export const organizationRename = protectedProcedure
  .meta({ permission: "organization.update" })
  .input(organizationRenameInput)
  .output(organizationRenameOutput)
  .mutation(({ ctx, input }) => renameOrganization(ctx.domain, input));

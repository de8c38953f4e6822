import { getOrganization } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { organizationIdSchema } from "./schemas.ts";

export const organizationGetInput = z.object({ organizationId: organizationIdSchema });
export const organizationGetOutput = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  createdAt: z.date(),
  memberCount: z.number().int(),
});

export const organizationGet = protectedProcedure
  .meta({ permission: "organization.read" })
  .input(organizationGetInput)
  .output(organizationGetOutput)
  .query(({ ctx, input }) => getOrganization(ctx.domain.db, ctx.domain.actor, input.organizationId));

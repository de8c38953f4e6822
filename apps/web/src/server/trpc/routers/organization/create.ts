import { createOrganization } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";

export const organizationCreateInput = z.object({ name: z.string().max(200, "is too long") });
export const organizationCreateOutput = z.object({ id: z.string(), name: z.string(), slug: z.string() });

/** Any signed-in user may create an organization and becomes its owner. */
export const organizationCreate = protectedProcedure
  .meta({ permission: "authenticated" })
  .input(organizationCreateInput)
  .output(organizationCreateOutput)
  .mutation(({ ctx, input }) => createOrganization(ctx.domain, input));

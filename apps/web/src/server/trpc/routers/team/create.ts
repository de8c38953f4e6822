import { createTeam } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { descriptionSchema, nameSchema, organizationIdSchema } from "../workspace/schemas.ts";
import { teamSchema } from "./schemas.ts";

export const teamCreateInput = z.object({
  organizationId: organizationIdSchema,
  name: nameSchema,
  description: descriptionSchema.optional(),
});
export const teamCreateOutput = teamSchema;

export const teamCreate = protectedProcedure
  .meta({ permission: "team.manage" })
  .input(teamCreateInput)
  .output(teamCreateOutput)
  .mutation(({ ctx, input }) => createTeam(ctx.domain, input));

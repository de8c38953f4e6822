import { deleteTeam } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { teamRefSchema } from "./schemas.ts";

export const teamDeleteInput = teamRefSchema;
export const teamDeleteOutput = z.object({ id: z.string() });

/** Deletes a team; the roles granted to it go with it. */
export const teamDelete = protectedProcedure
  .meta({ permission: "team.manage" })
  .input(teamDeleteInput)
  .output(teamDeleteOutput)
  .mutation(({ ctx, input }) => deleteTeam(ctx.domain, input));

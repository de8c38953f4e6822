import { createTeam, createTeamInput, teamSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

export const teamCreate = protectedProcedure
  .meta({ permission: "team.manage" })
  .input(createTeamInput)
  .output(outputView(teamSchema))
  .mutation(({ ctx, input }) => createTeam(ctx.domain, input));

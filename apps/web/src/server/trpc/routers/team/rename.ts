import { renameTeam, renameTeamInput, teamSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Renames a team and/or changes its description. */
export const teamRename = protectedProcedure
  .meta({ permission: "team.manage" })
  .input(renameTeamInput)
  .output(outputView(teamSchema))
  .mutation(({ ctx, input }) => renameTeam(ctx.domain, input));

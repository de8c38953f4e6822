import { deletedTeamSchema, deleteTeam, deleteTeamInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Deletes a team; the roles granted to it go with it. */
export const teamDelete = protectedProcedure
  .meta({ permission: "team.manage" })
  .input(deleteTeamInput)
  .output(outputView(deletedTeamSchema))
  .mutation(({ ctx, input }) => deleteTeam(ctx.domain, input));

import { addTeamMember, teamMemberSchema, teamMembershipInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Adds a member of the organization to a team. */
export const teamAddMember = protectedProcedure
  .meta({ permission: "team.manage" })
  .input(teamMembershipInput)
  .output(outputView(teamMemberSchema))
  .mutation(({ ctx, input }) => addTeamMember(ctx.domain, input));

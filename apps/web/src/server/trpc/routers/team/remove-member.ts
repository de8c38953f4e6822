import { removedTeamMemberSchema, removeTeamMember, teamMembershipInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Removes a user from a team; they stay in the organization. */
export const teamRemoveMember = protectedProcedure
  .meta({ permission: "team.manage" })
  .input(teamMembershipInput)
  .output(outputView(removedTeamMemberSchema))
  .mutation(({ ctx, input }) => removeTeamMember(ctx.domain, input));

import { addTeamMember } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";
import { idSchema } from "../workspace/schemas.ts";
import { teamMemberSchema, teamRefSchema } from "./schemas.ts";

export const teamAddMemberInput = teamRefSchema.extend({ userId: idSchema });
export const teamAddMemberOutput = teamMemberSchema;

/** Adds a member of the organization to a team. */
export const teamAddMember = protectedProcedure
  .meta({ permission: "team.manage" })
  .input(teamAddMemberInput)
  .output(teamAddMemberOutput)
  .mutation(({ ctx, input }) => addTeamMember(ctx.domain, input));

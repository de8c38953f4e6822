import { removeTeamMember } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { idSchema } from "../workspace/schemas.ts";
import { teamRefSchema } from "./schemas.ts";

export const teamRemoveMemberInput = teamRefSchema.extend({ userId: idSchema });
export const teamRemoveMemberOutput = z.object({ userId: z.string() });

/** Removes a user from a team; they stay in the organization. */
export const teamRemoveMember = protectedProcedure
  .meta({ permission: "team.manage" })
  .input(teamRemoveMemberInput)
  .output(teamRemoveMemberOutput)
  .mutation(({ ctx, input }) => removeTeamMember(ctx.domain, input));

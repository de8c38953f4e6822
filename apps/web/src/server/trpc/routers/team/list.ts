import { listTeams, listTeamsInput, teamWithMembersSchema } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";

export const teamList = protectedProcedure
  .meta({ permission: "team.list" })
  .input(listTeamsInput)
  .output(z.array(teamWithMembersSchema))
  .query(({ ctx, input }) => listTeams(ctx.domain, input));

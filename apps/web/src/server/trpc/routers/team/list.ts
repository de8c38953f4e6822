import { listTeams, listTeamsInput, pageSchema, teamWithMembersSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** A page of the organization's teams, each with its members. */
export const teamList = protectedProcedure
  .meta({ permission: "team.list" })
  .input(listTeamsInput)
  .output(outputView(pageSchema(teamWithMembersSchema)))
  .query(({ ctx, input }) => listTeams(ctx.domain, input));

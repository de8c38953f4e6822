import { listTeams } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { organizationIdSchema } from "../workspace/schemas.ts";
import { teamMemberSchema, teamSchema } from "./schemas.ts";

export const teamListInput = z.object({ organizationId: organizationIdSchema });
export const teamListOutput = z.array(teamSchema.extend({ members: z.array(teamMemberSchema) }));

export const teamList = protectedProcedure
  .meta({ permission: "team.list" })
  .input(teamListInput)
  .output(teamListOutput)
  .query(({ ctx, input }) => listTeams(ctx.domain, input));

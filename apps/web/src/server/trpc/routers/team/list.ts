import { listTeams, pageInputShape, pageSchema } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { organizationIdSchema } from "../workspace/schemas.ts";
import { teamMemberSchema, teamSchema } from "./schemas.ts";

export const teamListInput = z.object({ organizationId: organizationIdSchema, ...pageInputShape });
export const teamListOutput = pageSchema(teamSchema.extend({ members: z.array(teamMemberSchema) }));

/** A page of the organization's teams, each with its members. */
export const teamList = protectedProcedure
  .meta({ permission: "team.list" })
  .input(teamListInput)
  .output(teamListOutput)
  .query(({ ctx, input }) => listTeams(ctx.domain, input));

import { renameTeam } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";
import { descriptionSchema, nameSchema } from "../workspace/schemas.ts";
import { teamRefSchema, teamSchema } from "./schemas.ts";

export const teamRenameInput = teamRefSchema.extend({
  name: nameSchema.optional(),
  description: descriptionSchema.optional(),
});
export const teamRenameOutput = teamSchema;

/** Renames a team and/or changes its description. */
export const teamRename = protectedProcedure
  .meta({ permission: "team.manage" })
  .input(teamRenameInput)
  .output(teamRenameOutput)
  .mutation(({ ctx, input }) => renameTeam(ctx.domain, input));

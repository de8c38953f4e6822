// Teams: groups of organization members that workspace and deployment roles can be granted to.
import { z } from "zod";
import {
  nameAndDescriptionInput,
  namedResourceSchema,
  organizationIdSchema,
  organizationRefSchema,
  renameInput,
  teamIdSchema,
  userIdSchema,
  userSummarySchema,
} from "../shared/fields.types.ts";
import { pageInputShape } from "../shared/pagination.ts";

export const teamRefSchema = z.object({ organizationId: organizationIdSchema, teamId: teamIdSchema });
export type TeamRef = z.output<typeof teamRefSchema>;

export const teamSchema = namedResourceSchema;
export type Team = z.output<typeof teamSchema>;

export const teamMemberSchema = userSummarySchema;
export type TeamMember = z.output<typeof teamMemberSchema>;

export const teamWithMembersSchema = teamSchema.extend({ members: z.array(teamMemberSchema) });
export type TeamWithMembers = z.output<typeof teamWithMembersSchema>;

export const listTeamsInput = organizationRefSchema.extend(pageInputShape);

export const createTeamInput = organizationRefSchema.extend(nameAndDescriptionInput.shape);
export type CreateTeamInput = z.output<typeof createTeamInput>;

/** Renames a team and/or changes its description: what is left out stays. */
export const renameTeamInput = teamRefSchema.extend(renameInput.shape);
export type RenameTeamInput = z.output<typeof renameTeamInput>;

export const deleteTeamInput = teamRefSchema;
export const deletedTeamSchema = z.object({ id: z.string() });

export const teamMembershipInput = teamRefSchema.extend({ userId: userIdSchema });
export type TeamMembershipInput = z.output<typeof teamMembershipInput>;
export const removedTeamMemberSchema = z.object({ userId: z.string() });

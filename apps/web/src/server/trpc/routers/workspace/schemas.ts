import { DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH, WORKSPACE_ROLES } from "@skyport/domain";
import { z } from "zod";

export { organizationIdSchema } from "../organization/schemas.ts";

/** Ids are cuids; anything empty or absurdly long cannot name a row. */
export const idSchema = z.string().trim().min(1, "Required").max(64, "Not a valid id");

export const nameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(NAME_MAX_LENGTH, `Use at most ${NAME_MAX_LENGTH} characters`);

export const descriptionSchema = z
  .string()
  .trim()
  .max(DESCRIPTION_MAX_LENGTH, `Use at most ${DESCRIPTION_MAX_LENGTH} characters`);

export const workspaceRoleSchema = z.enum(WORKSPACE_ROLES, {
  message: `Choose one of ${WORKSPACE_ROLES.join(", ")}`,
});

/** Who a role is granted to: exactly one user or one team of the organization. */
export const roleSubjectSchema = z.union(
  [z.strictObject({ userId: idSchema }), z.strictObject({ teamId: idSchema })],
  {
    message: "Choose a user or a team",
  },
);

export const workspaceSummarySchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  name: z.string(),
  description: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
  /** The caller's effective role in the workspace. */
  role: workspaceRoleSchema.nullable(),
});

import { z } from "zod";
import { organizationRoleSchema } from "../organization/schemas.ts";

export const userIdSchema = z.string().trim().min(1, "is required").max(64, "is not a user id");

export const memberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: organizationRoleSchema,
  joinedAt: z.date(),
});

import { z } from "zod";
import { idSchema, organizationIdSchema } from "../workspace/schemas.ts";

export const teamRefSchema = z.object({ organizationId: organizationIdSchema, teamId: idSchema });

export const teamSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  name: z.string(),
  description: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const teamMemberSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });

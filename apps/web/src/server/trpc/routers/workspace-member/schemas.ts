import { z } from "zod";
import {
  idSchema,
  organizationIdSchema,
  roleSubjectSchema,
  workspaceRoleSchema,
} from "../workspace/schemas.ts";

export const workspaceRefSchema = z.object({ organizationId: organizationIdSchema, workspaceId: idSchema });

export const roleChangeInput = workspaceRefSchema.extend({
  subject: roleSubjectSchema,
  role: workspaceRoleSchema,
});

export const bindingOutput = z.object({ bindingId: z.string(), role: workspaceRoleSchema });

export const workspaceMemberSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("user"),
    bindingId: z.string().nullable(),
    role: workspaceRoleSchema,
    organizationOwner: z.boolean(),
    user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  }),
  z.object({
    type: z.literal("team"),
    bindingId: z.string(),
    role: workspaceRoleSchema,
    team: z.object({ id: z.string(), name: z.string(), memberCount: z.number().int() }),
  }),
]);

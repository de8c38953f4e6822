import { z } from "zod";
import { idSchema, organizationIdSchema, roleSubjectSchema } from "../workspace/schemas.ts";

export const deploymentRefSchema = z.object({ organizationId: organizationIdSchema, deploymentId: idSchema });

export const deploymentSubjectInput = deploymentRefSchema.extend({ subject: roleSubjectSchema });

export const deploymentAdminSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("user"),
    bindingId: z.string(),
    role: z.literal("DEPLOYMENT_ADMIN"),
    user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  }),
  z.object({
    type: z.literal("team"),
    bindingId: z.string(),
    role: z.literal("DEPLOYMENT_ADMIN"),
    team: z.object({ id: z.string(), name: z.string() }),
  }),
]);

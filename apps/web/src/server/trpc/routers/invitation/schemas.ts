import { z } from "zod";
import { organizationRoleSchema } from "../organization/schemas.ts";

export const invitationIdSchema = z.string().trim().min(1, "is required").max(64, "is not an invitation id");
export const invitationTokenSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(512, "is not an invitation link");

/** An invitation as owners see it. The signed link is never part of it: only the email carries it. */
export const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: organizationRoleSchema,
  status: z.enum(["PENDING", "ACCEPTED", "REVOKED"]),
  expiresAt: z.date(),
  expired: z.boolean(),
  createdAt: z.date(),
  invitedBy: z.object({ name: z.string(), email: z.string() }).nullable(),
});

export const invitationSentSchema = z.object({
  invitation: invitationSchema,
  /** False when the email could not be queued (the invitation stands; resend it). */
  emailQueued: z.boolean(),
});

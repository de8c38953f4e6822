// Invitations to an organization: the contracts of their operations.
import { z } from "zod";
import { organizationRoleSchema } from "../organizations/organizations.types.ts";
import { emailField, idField, organizationIdSchema, organizationRefSchema } from "../shared/fields.types.ts";
import { pageInputShape } from "../shared/pagination.ts";

export const invitationIdSchema = idField("invitationId", "Invitation");
export const invitationTokenSchema = z
  .string({ error: "token is required" })
  .trim()
  .min(1, { error: "token is required" })
  .max(512, { error: "token is not an invitation link" })
  .meta({ title: "Invitation link" });

export const INVITATION_STATUSES = ["PENDING", "ACCEPTED", "REVOKED"] as const;

/** An invitation as owners see it. The signed link is never part of it: only the email carries it. */
export const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: organizationRoleSchema,
  status: z.enum(INVITATION_STATUSES),
  expiresAt: z.date(),
  expired: z.boolean(),
  createdAt: z.date(),
  invitedBy: z.object({ name: z.string(), email: z.string() }).nullable(),
});
export type InvitationView = z.output<typeof invitationSchema>;

export const invitationSentSchema = z.object({
  invitation: invitationSchema,
  /** False when the email could not be queued (the invitation stands; resend it). */
  emailQueued: z.boolean(),
});
export type InvitationSent = z.output<typeof invitationSentSchema>;

export const inviteMemberInput = z.object({
  organizationId: organizationIdSchema,
  email: emailField(),
  role: organizationRoleSchema,
});
export type InviteMemberInput = z.output<typeof inviteMemberInput>;

export const listInvitationsInput = organizationRefSchema.extend(pageInputShape);

export const invitationRefSchema = z.object({
  organizationId: organizationIdSchema,
  invitationId: invitationIdSchema,
});
export type InvitationRef = z.output<typeof invitationRefSchema>;

export const invitationLinkInput = z.object({ token: invitationTokenSchema });

export const LINK_STATES = ["pending", "expired", "accepted", "revoked", "superseded"] as const;

export const invitationPreviewSchema = z.object({
  organizationName: z.string(),
  email: z.string(),
  role: organizationRoleSchema,
  invitedBy: z.object({ name: z.string(), email: z.string() }).nullable(),
  expiresAt: z.date(),
  state: z.enum(LINK_STATES),
  /** Why the link cannot be used, when it cannot. */
  problem: z.string().nullable(),
  /** Whether the invited email already has an account (sign in to accept) or not (sign up). */
  accountExists: z.boolean(),
});
export type InvitationPreview = z.output<typeof invitationPreviewSchema>;

export const invitationAcceptedSchema = z.object({
  organizationId: z.string(),
  role: organizationRoleSchema,
});

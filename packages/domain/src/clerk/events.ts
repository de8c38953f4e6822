import { z } from "zod";
import { ValidationError } from "../shared/errors.ts";

// The parts of Clerk's webhook payloads Skyport reads (Clerk's UserJSON, OrganizationJSON,
// OrganizationMembershipJSON and DeletedObjectJSON); other fields pass through unread.

const emailAddress = z.object({
  id: z.string().min(1),
  email_address: z
    .string()
    .trim()
    .regex(/^[^\s@]+@[^\s@]+$/, "must be an email address"),
  verification: z.object({ status: z.string() }).nullish(),
});

export const clerkUserSchema = z.object({
  id: z.string().min(1),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  image_url: z.string().nullish(),
  has_image: z.boolean().nullish(),
  primary_email_address_id: z.string().nullish(),
  email_addresses: z.array(emailAddress),
});

export const clerkOrganizationSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  /** Clerk can run with organization slugs turned off. */
  slug: z.string().nullish(),
});

export const clerkDeletedObjectSchema = z.object({
  id: z.string().min(1),
  deleted: z.boolean().optional(),
});

export const clerkMembershipSchema = z.object({
  id: z.string().min(1),
  /** "org:admin", "org:member", or a custom role key. */
  role: z.string().min(1),
  organization: clerkOrganizationSchema,
  public_user_data: z.object({
    user_id: z.string().min(1),
    /** The user's primary identifier: usually their email address. */
    identifier: z.string(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
  }),
});

export type ClerkUser = z.infer<typeof clerkUserSchema>;
export type ClerkOrganization = z.infer<typeof clerkOrganizationSchema>;
export type ClerkMembership = z.infer<typeof clerkMembershipSchema>;

const EVENT_DATA = {
  "user.created": clerkUserSchema,
  "user.updated": clerkUserSchema,
  "user.deleted": clerkDeletedObjectSchema,
  "organization.created": clerkOrganizationSchema,
  "organization.updated": clerkOrganizationSchema,
  "organization.deleted": clerkDeletedObjectSchema,
  "organizationMembership.created": clerkMembershipSchema,
  "organizationMembership.updated": clerkMembershipSchema,
  "organizationMembership.deleted": clerkMembershipSchema,
} as const;

export type HandledClerkEventType = keyof typeof EVENT_DATA;

/** A Clerk event Skyport mirrors, its data validated. */
export type ClerkEvent = {
  [T in HandledClerkEventType]: { type: T; data: z.infer<(typeof EVENT_DATA)[T]> };
}[HandledClerkEventType];

export type ParsedClerkEvent = ClerkEvent | { type: string; ignored: true };

const envelope = z.object({ type: z.string().min(1), data: z.unknown() });

/**
 * Validates a delivery's body. Events Skyport does not mirror (sessions, emails, ...) come
 * back as ignored; a mirrored event with a malformed field is a ValidationError naming it.
 */
export function parseClerkEvent(payload: unknown): ParsedClerkEvent {
  const outer = envelope.safeParse(payload);
  if (!outer.success) throw validationError(outer.error, []);
  const { type, data } = outer.data;
  if (!isHandled(type)) return { type, ignored: true };
  const inner = EVENT_DATA[type].safeParse(data);
  if (!inner.success) throw validationError(inner.error, ["data"]);
  return { type, data: inner.data } as ClerkEvent;
}

function isHandled(type: string): type is HandledClerkEventType {
  return Object.hasOwn(EVENT_DATA, type);
}

function validationError(error: z.ZodError, prefix: PropertyKey[]): ValidationError {
  const issue = error.issues[0];
  const path = [...prefix, ...(issue?.path ?? [])].map(String).join(".") || "body";
  const message =
    issue?.code === "invalid_type" && issue.input === undefined ? "is required" : issue?.message;
  return new ValidationError(path, message ?? "is invalid");
}

// Field schemas every domain contract is built from. Each names its field in its messages the
// way the request spells it ("name must be at most 60 characters (got 200)"), so a message
// reads right on its own (API, CLI) and next to its input (console); `title` is the label a
// form shows and the OpenAPI document carries.
import { z } from "zod";

export const NAME_MAX_LENGTH = 60;
export const DESCRIPTION_MAX_LENGTH = 500;
export const ID_MAX_LENGTH = 64;
export const EMAIL_MAX_LENGTH = 254;

/** "is required" for a missing value, "must be text" for anything else that is not a string. */
function textTypeError(label: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined || issue.input === null ? `${label} is required` : `${label} must be text`;
}

/** Trimmed text of at most `max` characters; longer text is refused, never cut. */
export function textField(options: { label: string; title: string; max: number; required?: boolean }) {
  const { label, title, max, required = true } = options;
  const base = z.string({ error: textTypeError(label) }).trim();
  const bounded = (required ? base.min(1, { error: `${label} is required` }) : base).max(max, {
    error: (issue) => `${label} must be at most ${max} characters (got ${String(issue.input).length})`,
  });
  return bounded.meta({ title });
}

/** An id taken from a path or a form: never empty, never absurdly long (ids are cuids). */
export function idField(label: string, title: string) {
  return z
    .string({ error: textTypeError(label) })
    .trim()
    .min(1, { error: `${label} is required` })
    .max(ID_MAX_LENGTH, { error: `${label} is not a valid id` })
    .meta({ title });
}

/** A choice among fixed values, refused with the values listed. */
export function choiceField<const T extends readonly [string, ...string[]]>(
  label: string,
  title: string,
  values: T,
) {
  return z.enum(values, { error: `${label} must be one of ${values.join(", ")}` }).meta({ title });
}

/** An id whose message takes its field's name from the path it is found at ("deploymentId: is required"). */
export const idSchema = z
  .string({ error: "is required" })
  .trim()
  .min(1, { error: "is required" })
  .max(ID_MAX_LENGTH, { error: "is not a valid id" });

export const organizationIdSchema = idField("organizationId", "Organization");
export const workspaceIdSchema = idField("workspaceId", "Workspace");
export const deploymentIdSchema = idField("deploymentId", "Deployment");
export const userIdSchema = idField("userId", "User");
export const teamIdSchema = idField("teamId", "Team");

/** A display name (workspace, team, API token): trimmed, 1 to 60 characters. */
export const nameSchema = textField({ label: "name", title: "Name", max: NAME_MAX_LENGTH });

/** Free text: trimmed, at most 500 characters. */
export const descriptionSchema = textField({
  label: "description",
  title: "Description",
  max: DESCRIPTION_MAX_LENGTH,
  required: false,
});

/** A lower-cased e-mail address: what people mistype is refused, not everything RFC 5322 forbids. */
export function emailField(label = "email", title = "E-mail") {
  return z
    .string({ error: textTypeError(label) })
    .trim()
    .toLowerCase()
    .min(1, { error: `${label} is required` })
    .max(EMAIL_MAX_LENGTH, {
      error: (issue) =>
        `${label} must be at most ${EMAIL_MAX_LENGTH} characters (got ${String(issue.input).length})`,
    })
    .regex(/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/, {
      error: `${label} must be an email address like name@example.com`,
    })
    .meta({ title });
}

export const organizationRefSchema = z.object({ organizationId: organizationIdSchema });
export const workspaceRefSchema = z.object({
  organizationId: organizationIdSchema,
  workspaceId: workspaceIdSchema,
});
export const deploymentRefSchema = z.object({
  organizationId: organizationIdSchema,
  deploymentId: deploymentIdSchema,
});
export type OrganizationRef = z.output<typeof organizationRefSchema>;
export type WorkspaceRef = z.output<typeof workspaceRefSchema>;
export type DeploymentRef = z.output<typeof deploymentRefSchema>;

/** A user as other people see them in lists (members, teams, role bindings). */
export const userSummarySchema = z.object({ id: z.string(), name: z.string(), email: z.string() });

const EARLIEST_STORABLE_TIME = Date.parse("0001-01-01T00:00:00.000Z");
const LATEST_STORABLE_TIME = Date.parse("9999-12-31T23:59:59.999Z");

/**
 * Whether PostgreSQL's timestamp columns take the instant as Prisma writes it: years 0001 to 9999
 * in UTC. ISO 8601 allows year 0000, and an offset moves 0001-01-01 or 9999-12-31 across the
 * edge; Prisma then sends year 0 or a six-digit year, which PostgreSQL refuses (a 500 where a
 * filter or a mute took such a date). Every date-time input is checked with this one rule.
 */
export function isStorableDateTime(date: Date): boolean {
  const time = date.getTime();
  return time >= EARLIEST_STORABLE_TIME && time <= LATEST_STORABLE_TIME;
}

/** The message for a date-time outside isStorableDateTime's range (`label` leads when given). */
export function storableDateTimeMessage(label?: string): string {
  return `${label ? `${label} ` : ""}must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z`;
}

/** A date and time: a Date from tRPC (superjson carries Dates), an ISO 8601 string from JSON. */
export function dateTimeField(label: string, title: string) {
  return z
    .union([z.date(), z.iso.datetime({ offset: true }).transform((value) => new Date(value))], {
      error: `${label} must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z`,
    })
    .refine(isStorableDateTime, { error: storableDateTimeMessage(label) })
    .meta({ title });
}

/** What workspaces and teams share: a name and a description within an organization. */
export const namedResourceSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  name: z.string(),
  description: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** Creating a named resource: a name, and a description (empty when left out). */
export const nameAndDescriptionInput = z.object({
  name: nameSchema,
  description: descriptionSchema.optional(),
});

/** Renaming one: what is left out stays. */
export const renameInput = z.object({
  name: nameSchema.optional(),
  description: descriptionSchema.optional(),
});

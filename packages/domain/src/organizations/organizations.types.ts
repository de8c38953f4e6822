// Organizations and their members: the contracts of their operations.
import { z } from "zod";
import { ORGANIZATION_ROLES } from "../authz/roles.ts";
import {
  choiceField,
  organizationIdSchema,
  organizationRefSchema,
  userIdSchema,
} from "../shared/fields.types.ts";
import { pageInputShape } from "../shared/pagination.ts";

export const ORGANIZATION_NAME_MIN = 2;
export const ORGANIZATION_NAME_MAX = 80;

/** Strongest first, as messages and forms list them. */
const ROLES_STRONGEST_FIRST = [...ORGANIZATION_ROLES].reverse() as [
  (typeof ORGANIZATION_ROLES)[number],
  ...(typeof ORGANIZATION_ROLES)[number][],
];

export const organizationRoleSchema = choiceField("role", "Organization role", ROLES_STRONGEST_FIRST);

/** An organization name: trimmed, inner whitespace collapsed, 2 to 80 characters. */
export function organizationNameField(label = "name") {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? `${label} is required` : `${label} must be text`),
    })
    .transform((raw) => raw.trim().replace(/\s+/g, " "))
    .pipe(
      z
        .string()
        .min(ORGANIZATION_NAME_MIN, {
          error: `${label} must be at least ${ORGANIZATION_NAME_MIN} characters`,
        })
        .max(ORGANIZATION_NAME_MAX, {
          error: (issue) =>
            `${label} must be at most ${ORGANIZATION_NAME_MAX} characters (got ${String(issue.input).length})`,
        }),
    )
    .meta({ title: "Organization name" });
}

export const organizationSchema = z.object({ id: z.string(), name: z.string(), slug: z.string() });
export type Organization = z.output<typeof organizationSchema>;

export const organizationSummarySchema = organizationSchema.extend({
  /** The caller's role; null for an API token (it acts with its own role). */
  role: organizationRoleSchema.nullable(),
});
export type OrganizationSummary = z.output<typeof organizationSummarySchema>;

export const organizationDetailsSchema = organizationSchema.extend({
  createdAt: z.date(),
  memberCount: z.number().int(),
});
export type OrganizationDetails = z.output<typeof organizationDetailsSchema>;

export const getOrganizationInput = organizationRefSchema;
export const leaveOrganizationInput = organizationRefSchema;
export const leftOrganizationSchema = z.object({ organizationId: z.string() });

export const createOrganizationInput = z.object({ name: organizationNameField() });
export type CreateOrganizationInput = z.output<typeof createOrganizationInput>;

export const renameOrganizationInput = z.object({
  organizationId: organizationIdSchema,
  name: organizationNameField(),
});
export type RenameOrganizationInput = z.output<typeof renameOrganizationInput>;

// Members

export const memberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: organizationRoleSchema,
  joinedAt: z.date(),
});
export type MemberView = z.output<typeof memberSchema>;

export const listMembersInput = organizationRefSchema.extend(pageInputShape);

export const memberRefSchema = z.object({ organizationId: organizationIdSchema, userId: userIdSchema });
export const removeMemberInput = memberRefSchema;
export const removedMemberSchema = z.object({ userId: z.string() });

export const updateMemberRoleInput = memberRefSchema.extend({ role: organizationRoleSchema });
export type UpdateMemberRoleInput = z.output<typeof updateMemberRoleInput>;

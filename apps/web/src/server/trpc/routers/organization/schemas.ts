import { z } from "zod";

/** Organization ids are cuids; anything else cannot name an organization. */
export const organizationIdSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64, "is not an organization id");

export const organizationRoleSchema = z.enum(
  ["ORGANIZATION_OWNER", "ORGANIZATION_BILLING_ADMIN", "ORGANIZATION_MEMBER"],
  { message: "must be ORGANIZATION_OWNER, ORGANIZATION_BILLING_ADMIN or ORGANIZATION_MEMBER" },
);

export const organizationSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  role: organizationRoleSchema.nullable(),
});

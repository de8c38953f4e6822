import {
  API_TOKEN_MAX_EXPIRY_DAYS,
  API_TOKEN_SCOPES,
  DEPLOYMENT_ROLES,
  NAME_MAX_LENGTH,
  ORGANIZATION_ROLES,
  WORKSPACE_ROLES,
} from "@skyport/domain";
import { z } from "zod";

export { organizationIdSchema } from "../organization/schemas.ts";

export const idSchema = z.string().trim().min(1, "Required").max(64, "Not a valid id");

export const apiTokenScopeSchema = z.enum(API_TOKEN_SCOPES, {
  message: `Choose one of ${API_TOKEN_SCOPES.join(", ")}`,
});

const ALL_ROLES = [...ORGANIZATION_ROLES, ...WORKSPACE_ROLES, ...DEPLOYMENT_ROLES] as const;

/** Any known role; whether it fits the token's scope is the domain's check (it names "role"). */
export const apiTokenRoleSchema = z.enum(ALL_ROLES, { message: "Choose a role" });

/** What every token response carries. There is deliberately no secret or hash here. */
export const apiTokenSchema = z.strictObject({
  id: z.string(),
  organizationId: z.string(),
  name: z.string(),
  description: z.string(),
  scope: apiTokenScopeSchema,
  workspaceId: z.string().nullable(),
  workspaceName: z.string().nullable(),
  deploymentId: z.string().nullable(),
  deploymentName: z.string().nullable(),
  role: z.string(),
  prefix: z.string().regex(/^skp_[A-Za-z0-9_-]{8}$/),
  createdBy: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  status: z.enum(["ACTIVE", "EXPIRED", "REVOKED"]),
});

export const apiTokenNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(NAME_MAX_LENGTH, `Use at most ${NAME_MAX_LENGTH} characters`);

export const expiresInDaysSchema = z
  .number()
  .int("Use a whole number of days")
  .min(1, "At least 1 day")
  .max(API_TOKEN_MAX_EXPIRY_DAYS, `At most ${API_TOKEN_MAX_EXPIRY_DAYS} days`);

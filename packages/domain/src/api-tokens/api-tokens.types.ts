// API tokens: the contracts of their operations. Every rule a request alone can break is in
// the create schema, so one answer names every field at fault; what depends on the creator's
// own rights is the domain's check after authorization.
import { z } from "zod";
import { DEPLOYMENT_ROLES, ORGANIZATION_ROLES, WORKSPACE_ROLES } from "../authz/roles.ts";
import {
  choiceField,
  dateTimeField,
  deploymentIdSchema,
  descriptionSchema,
  idField,
  nameSchema,
  organizationIdSchema,
  workspaceIdSchema,
} from "../shared/fields.types.ts";
import { pageInputShape } from "../shared/pagination.ts";
import { API_TOKEN_ROLES, API_TOKEN_SCOPES, isRoleOfScope } from "./token-roles.ts";

export const API_TOKEN_MAX_EXPIRY_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export const API_TOKEN_STATUSES = ["ACTIVE", "EXPIRED", "REVOKED"] as const;
export type ApiTokenStatus = (typeof API_TOKEN_STATUSES)[number];

export const apiTokenScopeSchema = choiceField("scope", "Scope", API_TOKEN_SCOPES);

const ALL_ROLES = [...ORGANIZATION_ROLES, ...WORKSPACE_ROLES, ...DEPLOYMENT_ROLES] as const;
/** Any known role; whether it fits the token's scope is checked with the scope (it names "role"). */
export const apiTokenRoleSchema = choiceField("role", "Role", ALL_ROLES);

export const apiTokenIdSchema = idField("apiTokenId", "API token");

/** What people and clients see of a token. There is deliberately no secret or hash here. */
export const apiTokenSchema = z.strictObject({
  id: z.string(),
  organizationId: z.string(),
  name: z.string(),
  description: z.string(),
  scope: z.enum(API_TOKEN_SCOPES),
  workspaceId: z.string().nullable(),
  workspaceName: z.string().nullable(),
  deploymentId: z.string().nullable(),
  deploymentName: z.string().nullable(),
  role: z.string(),
  /** The recognisable start of the secret, e.g. "skp_ab12cd34". */
  prefix: z.string().regex(/^skp_[A-Za-z0-9_-]{8}$/),
  createdBy: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  status: z.enum(API_TOKEN_STATUSES),
});
export type ApiTokenView = z.output<typeof apiTokenSchema>;

/** The only answer that ever carries a token's secret: right after it is minted. */
export const createdApiTokenSchema = z.strictObject({
  token: z.string().regex(/^skp_[A-Za-z0-9_-]{43}$/),
  apiToken: apiTokenSchema,
});
export type CreatedApiToken = z.output<typeof createdApiTokenSchema>;

const expiresInDaysSchema = z
  .number({ error: "expiresInDays must be a whole number of days" })
  .int({ error: "expiresInDays must be a whole number of days" })
  .min(1, { error: `expiresInDays must be from 1 to ${API_TOKEN_MAX_EXPIRY_DAYS} days` })
  .max(API_TOKEN_MAX_EXPIRY_DAYS, {
    error: `expiresInDays must be from 1 to ${API_TOKEN_MAX_EXPIRY_DAYS} days`,
  })
  .meta({ title: "Expires in (days)" });

export const createApiTokenInput = z
  .object({
    organizationId: organizationIdSchema,
    scope: apiTokenScopeSchema,
    /** Required for WORKSPACE tokens. */
    workspaceId: workspaceIdSchema.nullish(),
    /** Required for DEPLOYMENT tokens. */
    deploymentId: deploymentIdSchema.nullish(),
    role: apiTokenRoleSchema,
    name: nameSchema,
    description: descriptionSchema.nullish(),
    /** Expiry in whole days from now (1-365); or give expiresAt; neither means no expiry. */
    expiresInDays: expiresInDaysSchema.nullish(),
    expiresAt: dateTimeField("expiresAt", "Expires at").nullish(),
  })
  .superRefine((input, ctx) => {
    const issue = (field: string, message: string) =>
      ctx.addIssue({
        code: "custom",
        path: [field],
        message,
        input: (input as Record<string, unknown>)[field],
      });
    if (!isRoleOfScope(input.scope, input.role)) {
      issue(
        "role",
        `role of a ${input.scope.toLowerCase()} token must be one of ${API_TOKEN_ROLES[input.scope].join(", ")}`,
      );
    }
    switch (input.scope) {
      case "ORGANIZATION":
        if (input.workspaceId)
          issue("workspaceId", "workspaceId must be left out: an organization token has no workspace");
        if (input.deploymentId)
          issue("deploymentId", "deploymentId must be left out: an organization token has no deployment");
        break;
      case "WORKSPACE":
        if (!input.workspaceId)
          issue("workspaceId", "workspaceId is required: choose the workspace this token is for");
        if (input.deploymentId)
          issue("deploymentId", "deploymentId must be left out: a workspace token has no deployment");
        break;
      case "DEPLOYMENT":
        if (!input.deploymentId)
          issue("deploymentId", "deploymentId is required: choose the deployment this token is for");
        break;
    }
    const hasDays = input.expiresInDays !== undefined && input.expiresInDays !== null;
    if (input.expiresAt) {
      const now = Date.now();
      if (hasDays) issue("expiresAt", "expiresAt and expiresInDays cannot both be given; choose one");
      else if (input.expiresAt.getTime() <= now) issue("expiresAt", "expiresAt must be in the future");
      else if (input.expiresAt.getTime() > now + API_TOKEN_MAX_EXPIRY_DAYS * DAY_MS)
        issue("expiresAt", `expiresAt must be at most ${API_TOKEN_MAX_EXPIRY_DAYS} days from now`);
    }
  });
export type CreateApiTokenInput = z.output<typeof createApiTokenInput>;

/** When a token made now with this input expires (null: never). */
export function apiTokenExpiry(
  input: Pick<CreateApiTokenInput, "expiresInDays" | "expiresAt">,
  now: Date,
): Date | null {
  if (input.expiresInDays !== undefined && input.expiresInDays !== null)
    return new Date(now.getTime() + input.expiresInDays * DAY_MS);
  return input.expiresAt ?? null;
}

export const listApiTokensInput = z.object({
  organizationId: organizationIdSchema,
  /** Only this workspace's tokens (and its deployments' tokens). */
  workspaceId: workspaceIdSchema.nullish(),
  /** Only this deployment's tokens. */
  deploymentId: deploymentIdSchema.nullish(),
  ...pageInputShape,
});
export type ListApiTokensInput = z.output<typeof listApiTokensInput>;

export const revokeApiTokenInput = z.object({
  organizationId: organizationIdSchema,
  apiTokenId: apiTokenIdSchema,
});
export type RevokeApiTokenInput = z.output<typeof revokeApiTokenInput>;

import type { ApiTokenScope } from "@skyport/db";
import type { AuditTarget } from "../audit/record.ts";
import { type AccessTarget, authorize, type Db } from "../authz/authorize.ts";
import type { Action } from "../authz/permissions.ts";
import type { Actor } from "../shared/actor.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "../shared/errors.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import { parseDescription, parseName } from "../shared/names.ts";
import { generateApiTokenSecret } from "./secret.ts";
import {
  API_TOKEN_ROLES,
  API_TOKEN_SCOPES,
  creatorMayGrant,
  isRoleOfScope,
  rightsBeyondCreator,
  strongestGrantableRole,
} from "./token-roles.ts";
import { type ApiTokenView, apiTokenViewSelect, toApiTokenView } from "./view.ts";

export const API_TOKEN_MAX_EXPIRY_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CreateApiTokenInput {
  organizationId: string;
  scope: ApiTokenScope;
  /** Required for WORKSPACE tokens. */
  workspaceId?: string | null;
  /** Required for DEPLOYMENT tokens. */
  deploymentId?: string | null;
  role: string;
  name: string;
  description?: string | null;
  /** Expiry in whole days from now (1-365); or give expiresAt; neither means no expiry. */
  expiresInDays?: number | null;
  expiresAt?: Date | null;
}

export interface CreatedApiToken {
  /** The secret, shown this once: only its hash is stored. */
  token: string;
  apiToken: ApiTokenView;
}

/** The permission-table action that governs tokens of a scope. */
export function apiTokenManageAction(scope: ApiTokenScope): Action {
  switch (scope) {
    case "ORGANIZATION":
      return "apiToken.organization.manage";
    case "WORKSPACE":
      return "apiToken.workspace.manage";
    case "DEPLOYMENT":
      return "apiToken.deployment.manage";
    default: {
      const exhaustive: never = scope;
      return exhaustive;
    }
  }
}

/**
 * Mints an API token scoped to the organization, one workspace or one deployment. The
 * token never holds more rights than its creator has at that scope right now (a token
 * minting a token is bound by its own role the same way). Returns the secret once.
 */
export async function createApiToken(
  ctx: MutationContext,
  input: CreateApiTokenInput,
): Promise<CreatedApiToken> {
  const scope = parseScope(input.scope);
  const name = parseName(input.name);
  const description = parseDescription(input.description);
  const role = parseRole(scope, input.role);
  const expiresAt = parseExpiry(input, new Date());
  const target = scopeTarget(scope, input);

  const access = await authorize(ctx.db, ctx.actor, apiTokenManageAction(scope), target);
  if (!creatorMayGrant(access, scope, role)) {
    const limit = strongestGrantableRole(access, scope);
    const beyond = rightsBeyondCreator(access, scope, role);
    const holder = ctx.actor.type === "apiToken" ? "the token creating it holds" : "you hold";
    throw new ForbiddenError(
      `a token cannot have more rights than its creator: ${role} is stronger than what ${holder} here` +
        (beyond.length ? ` (it would allow ${beyond.join(", ")})` : "") +
        (limit
          ? `; the strongest role you can give this token is ${limit}`
          : `; you cannot create ${scope.toLowerCase()} tokens here`),
    );
  }

  // A deployment token also records its deployment's workspace, so workspace lists include it.
  const workspaceId =
    scope === "DEPLOYMENT" ? await deploymentWorkspace(ctx.db, target) : (target.workspaceId ?? null);
  const { secret, prefix, secretHash } = generateApiTokenSecret();

  return mutate(ctx, async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        organizationId: input.organizationId,
        scope,
        workspaceId,
        deploymentId: target.deploymentId ?? null,
        role,
        name,
        description,
        prefix,
        secretHash,
        createdById: creatingUserId(ctx.actor),
        expiresAt,
      },
      select: apiTokenViewSelect,
    });
    const apiToken = toApiTokenView(row);
    const targets: AuditTarget[] = [{ type: "apiToken", id: row.id, label: name }];
    if (scope === "WORKSPACE" && workspaceId)
      targets.push({
        type: "workspace",
        id: workspaceId,
        ...(row.workspace ? { label: row.workspace.name } : {}),
      });
    if (scope === "DEPLOYMENT" && row.deploymentId)
      targets.push({
        type: "deployment",
        id: row.deploymentId,
        ...(row.deployment ? { label: row.deployment.name } : {}),
      });
    return {
      result: { token: secret, apiToken },
      audit: {
        organizationId: input.organizationId,
        action: "apiToken.create",
        targets,
        // Never the secret: only what identifies the token to people reading the log.
        metadata: { name, scope, role, prefix, expiresAt: expiresAt?.toISOString() ?? null },
      },
    };
  });
}

function parseScope(scope: unknown): ApiTokenScope {
  if (typeof scope === "string" && (API_TOKEN_SCOPES as readonly string[]).includes(scope)) {
    return scope as ApiTokenScope;
  }
  throw new ValidationError("scope", `choose one of ${API_TOKEN_SCOPES.join(", ")}`);
}

function parseRole(scope: ApiTokenScope, role: unknown): string {
  if (typeof role === "string" && isRoleOfScope(scope, role)) return role;
  throw new ValidationError(
    "role",
    `a ${scope.toLowerCase()} token takes one of ${API_TOKEN_ROLES[scope].join(", ")}`,
  );
}

function parseExpiry(input: CreateApiTokenInput, now: Date): Date | null {
  const hasDays = input.expiresInDays !== undefined && input.expiresInDays !== null;
  const hasDate = input.expiresAt !== undefined && input.expiresAt !== null;
  if (hasDays && hasDate)
    throw new ValidationError("expiresAt", "give either expiresInDays or expiresAt, not both");
  if (hasDays) {
    const days = input.expiresInDays as number;
    if (!Number.isInteger(days) || days < 1 || days > API_TOKEN_MAX_EXPIRY_DAYS) {
      throw new ValidationError(
        "expiresInDays",
        `must be a whole number of days from 1 to ${API_TOKEN_MAX_EXPIRY_DAYS}`,
      );
    }
    return new Date(now.getTime() + days * DAY_MS);
  }
  if (hasDate) {
    const at = input.expiresAt as Date;
    if (!(at instanceof Date) || Number.isNaN(at.getTime()))
      throw new ValidationError("expiresAt", "must be a date");
    if (at.getTime() <= now.getTime()) throw new ValidationError("expiresAt", "must be in the future");
    if (at.getTime() > now.getTime() + API_TOKEN_MAX_EXPIRY_DAYS * DAY_MS) {
      throw new ValidationError("expiresAt", `must be at most ${API_TOKEN_MAX_EXPIRY_DAYS} days from now`);
    }
    return at;
  }
  return null;
}

function scopeTarget(scope: ApiTokenScope, input: CreateApiTokenInput): AccessTarget {
  const organizationId = input.organizationId;
  switch (scope) {
    case "ORGANIZATION":
      if (input.workspaceId)
        throw new ValidationError("workspaceId", "an organization token has no workspace");
      if (input.deploymentId)
        throw new ValidationError("deploymentId", "an organization token has no deployment");
      return { organizationId };
    case "WORKSPACE":
      if (!input.workspaceId)
        throw new ValidationError("workspaceId", "choose the workspace this token is for");
      if (input.deploymentId)
        throw new ValidationError("deploymentId", "a workspace token has no deployment");
      return { organizationId, workspaceId: input.workspaceId };
    case "DEPLOYMENT":
      if (!input.deploymentId)
        throw new ValidationError("deploymentId", "choose the deployment this token is for");
      return {
        organizationId,
        deploymentId: input.deploymentId,
        ...(input.workspaceId ? { workspaceId: input.workspaceId } : {}),
      };
    default: {
      const exhaustive: never = scope;
      return exhaustive;
    }
  }
}

async function deploymentWorkspace(db: Db, target: AccessTarget): Promise<string> {
  const deployment = await db.deployment.findFirst({
    where: { id: target.deploymentId, organizationId: target.organizationId, deletedAt: null },
    select: { workspaceId: true },
  });
  if (!deployment) throw new NotFoundError("deployment");
  return deployment.workspaceId;
}

/** The person accountable for a token: the user, or for a token minted by a token, that token's creator. */
function creatingUserId(actor: Actor): string | null {
  switch (actor.type) {
    case "user":
      return actor.userId;
    case "apiToken":
      return actor.createdById;
    case "system":
      return null;
    default: {
      const exhaustive: never = actor;
      return exhaustive;
    }
  }
}

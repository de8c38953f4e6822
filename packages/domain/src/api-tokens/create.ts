import type { ApiTokenScope } from "@skyport/db";
import type { AccessTarget, Db } from "../authz/authorize.ts";
import type { Action } from "../authz/permissions.ts";
import type { Actor } from "../shared/actor.ts";
import { ForbiddenError, NotFoundError } from "../shared/errors.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import {
  API_TOKEN_MAX_EXPIRY_DAYS,
  apiTokenExpiry,
  type CreateApiTokenInput,
  type CreatedApiToken,
} from "./api-tokens.types.ts";
import { generateApiTokenSecret } from "./secret.ts";
import { creatorMayGrant, rightsBeyondCreator, strongestGrantableRole } from "./token-roles.ts";
import { apiTokenAuditTargets, apiTokenViewSelect, toApiTokenView } from "./view.ts";

export type { CreateApiTokenInput, CreatedApiToken };
export { API_TOKEN_MAX_EXPIRY_DAYS };

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
  const { scope, role, name } = input;
  const description = input.description ?? "";
  const target = scopeTarget(input);
  return mutate(ctx, { permission: apiTokenManageAction(scope), resource: target }, async (tx, access) => {
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
    const expiresAt = apiTokenExpiry(input, new Date());
    // A deployment token also records its deployment's workspace, so workspace lists include it.
    const workspaceId =
      scope === "DEPLOYMENT" ? await deploymentWorkspace(tx, target) : (target.workspaceId ?? null);
    const { secret, prefix, secretHash } = generateApiTokenSecret();
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
    const targets = apiTokenAuditTargets(row);
    return {
      result: { token: secret, apiToken },
      audit: {
        action: "apiToken.create",
        targets,
        // Never the secret: only what identifies the token to people reading the log.
        metadata: { name, scope, role, prefix, expiresAt: expiresAt?.toISOString() ?? null },
      },
    };
  });
}

/** Where a token of the input's scope acts: the contract already checked the ids it needs. */
function scopeTarget(input: CreateApiTokenInput): AccessTarget {
  const { organizationId } = input;
  switch (input.scope) {
    case "ORGANIZATION":
      return { organizationId };
    case "WORKSPACE":
      return { organizationId, workspaceId: input.workspaceId ?? "" };
    case "DEPLOYMENT":
      return {
        organizationId,
        deploymentId: input.deploymentId ?? "",
        ...(input.workspaceId ? { workspaceId: input.workspaceId } : {}),
      };
    default: {
      const exhaustive: never = input.scope;
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

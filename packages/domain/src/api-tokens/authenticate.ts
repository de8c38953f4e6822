import type { PrismaClient } from "@skyport/db";
import type { Actor } from "../shared/actor.ts";
import { VerifiedCredentialCache } from "../shared/credential-cache.ts";
import { UnauthenticatedError } from "../shared/errors.ts";
import { hashApiTokenSecret, looksLikeApiToken } from "./secret.ts";

/** lastUsedAt is refreshed at most this often per token, to keep reads cheap. */
const LAST_USED_GRANULARITY_MS = 60_000;

type TokenActor = Extract<Actor, { type: "apiToken" }>;

/**
 * How long a process keeps trusting an API token it has verified without reading it again: the
 * bounded staleness of revocation. A token revoked through another web process keeps working
 * here for at most this long after this process last read it; revoking in this process, and any
 * process that has not just verified the token, refuses it at once. A token's expiry is never
 * passed: an entry lasts until the earlier of the two.
 */
export const API_TOKEN_CACHE_TTL_MS = 5_000;

export type ApiTokenCache = VerifiedCredentialCache<TokenActor>;

export function createApiTokenCache(options: { ttlMs?: number; maxTokens?: number } = {}): ApiTokenCache {
  return new VerifiedCredentialCache<TokenActor>({
    ttlMs: options.ttlMs ?? API_TOKEN_CACHE_TTL_MS,
    maxEntries: options.maxTokens ?? 10_000,
  });
}

/**
 * This process's cache of verified API tokens (what the web's request context uses), keyed by
 * the token's hash. revokeApiToken forgets the token here, so a revocation applies at once in
 * this process and within API_TOKEN_CACHE_TTL_MS in every other one.
 */
export const apiTokenCache: ApiTokenCache = createApiTokenCache();

/**
 * Turns a bearer token into an actor. Unknown, revoked and expired tokens are all refused
 * with the same message, so the answer reveals nothing about which tokens exist. With a
 * `cache`, a token verified less than its TTL ago (and not expired since) is accepted again
 * without a database read; refusals are never cached.
 */
export async function authenticateApiToken(
  db: PrismaClient,
  secret: string,
  now = new Date(),
  cache?: ApiTokenCache,
): Promise<Actor> {
  // Built only when refusing: an error captures a stack trace, which every request would pay.
  const refused = () => new UnauthenticatedError("the API token is invalid, expired or revoked");
  if (!looksLikeApiToken(secret)) throw refused();
  const secretHash = hashApiTokenSecret(secret);
  const cached = cache?.get(secretHash, now);
  if (cached) return cached;
  const token = await db.apiToken.findUnique({ where: { secretHash } });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) throw refused();
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  // Frozen: a cached actor is shared by every request that presents the token.
  const actor: TokenActor = Object.freeze({
    type: "apiToken",
    tokenId: token.id,
    label: `token ${token.name} (${token.prefix}…)`,
    name: token.name,
    organizationId: token.organizationId,
    scope: token.scope,
    workspaceId: token.workspaceId,
    deploymentId: token.deploymentId,
    role: token.role,
    createdById: token.createdById,
  });
  cache?.remember(secretHash, actor, now, token.expiresAt);
  return actor;
}

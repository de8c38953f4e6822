import type { PrismaClient } from "@skyport/db";
import type { Actor } from "../shared/actor.ts";
import { UnauthenticatedError } from "../shared/errors.ts";
import { hashApiTokenSecret, looksLikeApiToken } from "./secret.ts";

/** lastUsedAt is refreshed at most this often per token, to keep reads cheap. */
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * Turns a bearer token into an actor. Unknown, revoked and expired tokens are all refused
 * with the same message, so the answer reveals nothing about which tokens exist.
 */
export async function authenticateApiToken(
  db: PrismaClient,
  secret: string,
  now = new Date(),
): Promise<Actor> {
  // Built only when refusing: an error captures a stack trace, which every request would pay.
  const refused = () => new UnauthenticatedError("the API token is invalid, expired or revoked");
  if (!looksLikeApiToken(secret)) throw refused();
  const token = await db.apiToken.findUnique({ where: { secretHash: hashApiTokenSecret(secret) } });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) throw refused();
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  return {
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
  };
}

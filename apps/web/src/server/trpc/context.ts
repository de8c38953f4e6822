import {
  type Actor,
  API_TOKEN_PREFIX,
  apiTokenCache,
  authenticateApiToken,
  type RequestContext,
  UnauthenticatedError,
} from "@skyport/domain";
import type { Logger } from "@skyport/logger";
import type { WebServices } from "../services.ts";

/** What every procedure receives. */
export interface TRPCContext {
  requestId: string;
  logger: Logger;
  services: WebServices;
  /** The caller: a signed-in user (session cookie) or an API token (Bearer); null if anonymous. */
  actor: Actor | null;
  /** Where the request came from, for the audit log. */
  request: RequestContext;
  /** Response headers a procedure may add to (sign-in sets cookies). */
  resHeaders: Headers;
  /** The incoming request headers (cookies for session-aware procedures). */
  headers: Headers;
  /** Why a presented credential was refused (a bad bearer token); protected procedures throw it. */
  authError: unknown;
}

export interface CreateContextOptions {
  requestId: string;
  logger: Logger;
  services: WebServices;
  headers?: Headers;
  resHeaders?: Headers;
}

/**
 * The client's address. Next.js fills X-Forwarded-For with the socket address only when the
 * request has none, and each trusted proxy appends the address it saw, so the trustworthy
 * entry is `trustedProxies` from the end (the last one when no proxy is configured).
 * Entries before it are whatever the client sent and are ignored.
 */
export function clientIp(headers: Headers, trustedProxies = 0): string | null {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  return entries[Math.max(0, entries.length - Math.max(trustedProxies, 1))] ?? null;
}

/**
 * Resolves the caller once per request: `Authorization: Bearer skp_…` authenticates an API
 * token, any other bearer credential is a session token (the CLI's, from POST
 * /api/v1/auth/sessions; local accounts only); otherwise the session cookie a signed-in user
 * carries. A bad bearer credential is an error (not silently anonymous) so scripts learn
 * their token is wrong. Verified API tokens are kept for API_TOKEN_CACHE_TTL_MS (apiTokenCache).
 */
export async function resolveActor(services: WebServices, headers: Headers): Promise<Actor | null> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const [scheme, credential] = authorization.split(/\s+/, 2);
    if (scheme?.toLowerCase() === "bearer" && credential) {
      if (credential.startsWith(API_TOKEN_PREFIX) || services.clerkSessions)
        return authenticateApiToken(services.db, credential, new Date(), apiTokenCache);
      // better-auth's bearer plugin reads the signed session token from this header.
      const user = await services.auth.getSessionUser(headers);
      if (!user) throw new UnauthenticatedError("the session token is invalid or has expired; sign in again");
      return { type: "user", userId: user.id, label: user.email };
    }
  }
  // Hosted mode: Clerk's session cookie; local mode: Skyport's own session cookie.
  const user = services.clerkSessions
    ? await services.clerkSessions.getSessionUser(headers)
    : await services.auth.getSessionUser(headers);
  return user ? { type: "user", userId: user.id, label: user.email } : null;
}

export async function createTRPCContext(options: CreateContextOptions): Promise<TRPCContext> {
  const headers = options.headers ?? new Headers();
  let actor: Actor | null = null;
  let actorError: unknown = null;
  try {
    actor = await resolveActor(options.services, headers);
  } catch (error) {
    actorError = error;
  }
  return {
    requestId: options.requestId,
    logger: options.logger,
    services: options.services,
    actor,
    request: {
      ip: clientIp(headers, options.services.config.SKYPORT_TRUSTED_PROXIES),
      userAgent: headers.get("user-agent"),
      requestId: options.requestId,
    },
    resHeaders: options.resHeaders ?? new Headers(),
    headers,
    authError: actorError,
  };
}

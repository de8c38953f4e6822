import { type Actor, authenticateApiToken, type RequestContext } from "@skyport/domain";
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

/** The client address as seen by the first trusted proxy, if any. */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) return forwarded.split(",")[0]?.trim() || null;
  return headers.get("x-real-ip");
}

/**
 * Resolves the caller once per request: `Authorization: Bearer skp_…` authenticates an API
 * token; otherwise the session cookie a signed-in user carries. A bad bearer token is an
 * error (not silently anonymous) so scripts learn their token is wrong.
 */
export async function resolveActor(services: WebServices, headers: Headers): Promise<Actor | null> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const [scheme, credential] = authorization.split(/\s+/, 2);
    if (scheme?.toLowerCase() === "bearer" && credential)
      return authenticateApiToken(services.db, credential);
  }
  const user = await services.auth.getSessionUser(headers);
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
    request: { ip: clientIp(headers), userAgent: headers.get("user-agent"), requestId: options.requestId },
    resHeaders: options.resHeaders ?? new Headers(),
    headers,
    authError: actorError,
  };
}

import { createClerkClient } from "@clerk/backend";
import type { PrismaClient } from "@skyport/db";

export interface ClerkSessionUser {
  id: string;
  email: string;
  name: string;
}

export interface ClerkSessionOptions {
  db: PrismaClient;
  secretKey: string;
  publishableKey: string;
  /**
   * The instance's JWT public key (PEM). With it session tokens are verified locally;
   * without it @clerk/backend fetches (and caches) the instance's JWKS from Clerk.
   */
  jwtKey?: string | null;
  /**
   * The console's public URL. Requests are authenticated as addressed to it, and a session
   * token is accepted only if Clerk issued it to this origin (its `azp` claim).
   */
  baseUrl: string;
}

/** Hosted mode's counterpart of SkyportAuth.getSessionUser: same input, same answer. */
export interface ClerkSessionResolver {
  getSessionUser(headers: Headers): Promise<ClerkSessionUser | null>;
}

/** What a verified Clerk session says about its holder; only the user id matters to Skyport. */
export interface ClerkSessionClaims {
  userId: string | null;
}

/**
 * Resolves the signed-in person in Clerk mode. Clerk proves who they are (the `__session`
 * cookie, a short-lived JWT signed by the instance); who they are in Skyport, and every
 * role they hold, comes from Skyport's own tables, mirrored by the Clerk webhook. Clerk's
 * organization claims (orgId, orgRole) are deliberately ignored.
 */
export function createClerkSessionResolver(options: ClerkSessionOptions): ClerkSessionResolver {
  const clerk = createClerkClient({
    secretKey: options.secretKey,
    publishableKey: options.publishableKey,
    ...(options.jwtKey ? { jwtKey: options.jwtKey } : {}),
    telemetry: { disabled: true },
  });
  const origin = new URL(options.baseUrl).origin;
  return {
    async getSessionUser(headers) {
      const forwarded = new Headers(headers);
      // A bearer credential on Skyport is an API token (skp_…), resolved before this runs;
      // console sessions ride in cookies, so Clerk only looks there.
      forwarded.delete("authorization");
      const state = await clerk.authenticateRequest(new Request(options.baseUrl, { headers: forwarded }), {
        acceptsToken: "session_token",
        authorizedParties: [origin],
      });
      // Signed out, or a handshake (token refresh) that Clerk's middleware performs on page
      // loads: either way nobody is signed in for this request.
      const claims: ClerkSessionClaims = { userId: state.isAuthenticated ? state.toAuth().userId : null };
      return skyportUserForClerkSession(options.db, claims);
    },
  };
}

/**
 * The Skyport user a verified Clerk session belongs to, by the Clerk user id the webhook
 * recorded. Null when there is no session, or when the user.created webhook has not been
 * processed yet (the console then shows the signed-out state until it has).
 */
export async function skyportUserForClerkSession(
  db: PrismaClient,
  claims: ClerkSessionClaims,
): Promise<ClerkSessionUser | null> {
  if (!claims.userId) return null;
  return db.user.findUnique({
    where: { clerkUserId: claims.userId },
    select: { id: true, email: true, name: true },
  });
}

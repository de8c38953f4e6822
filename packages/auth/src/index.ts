import type { PrismaClient } from "@skyport/db";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { hashPassword as hashWithScrypt } from "better-auth/crypto";
import { bearer } from "better-auth/plugins/bearer";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface SignInResult {
  user: SessionUser;
  /** Set-Cookie header values to return to the browser. */
  setCookies: string[];
}

/**
 * Local accounts (email + password, sessions in PostgreSQL) through better-auth. Skyport
 * calls it server-side only: its HTTP handler is not mounted, so every sign-in goes through
 * Skyport's own entry points (rate limited, audited) and sign-up through the domain's
 * atomic user-plus-organization creation.
 */
export interface SkyportAuth {
  getSessionUser(headers: Headers): Promise<SessionUser | null>;
  /** Verifies the password and opens a session. Returns null when the credentials are wrong. */
  signIn(input: { email: string; password: string }, headers: Headers): Promise<SignInResult | null>;
  /** Ends the session the headers carry; returns cookies that clear it. */
  signOut(headers: Headers): Promise<string[]>;
}

export interface AuthOptions {
  db: PrismaClient;
  secret: string;
  /** The console's public URL; https turns on Secure cookies. */
  baseUrl: string;
  /** Where better-auth's own warnings go (structured logger); silent when omitted. */
  log?: (level: "debug" | "info" | "warn" | "error", message: string) => void;
}

export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;

/** Hashes a password the way sign-in verifies it (scrypt, via better-auth). */
export function hashPassword(password: string): Promise<string> {
  return hashWithScrypt(password);
}

export function createAuth(options: AuthOptions): SkyportAuth {
  const secure = options.baseUrl.startsWith("https://");
  const auth = betterAuth({
    appName: "Skyport",
    secret: options.secret,
    baseURL: options.baseUrl,
    basePath: "/api/auth",
    database: prismaAdapter(options.db, { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      // Sign-up is Skyport's domain operation (user, first organization and audit event in
      // one transaction); password rules live there too.
      disableSignUp: true,
      minPasswordLength: 12,
      maxPasswordLength: 128,
    },
    session: { expiresIn: SESSION_TTL_SECONDS, updateAge: 24 * 60 * 60 },
    // Attempts are limited by Skyport's own limiter in front of sign-in and sign-up.
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: "skyport",
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure, path: "/" },
    },
    // The CLI and scripts send the signed session token as `Authorization: Bearer`; unsigned
    // tokens are refused so a leaked database row alone cannot be replayed as a credential.
    plugins: [bearer({ requireSignature: true })],
    telemetry: { enabled: false },
    logger: {
      disabled: !options.log,
      log: (level, message) => options.log?.(level, message),
    },
  });

  return {
    async getSessionUser(headers) {
      const session = await auth.api.getSession({ headers });
      if (!session) return null;
      return { id: session.user.id, email: session.user.email, name: session.user.name };
    },
    async signIn(input, headers) {
      try {
        const { headers: responseHeaders, response } = await auth.api.signInEmail({
          body: { email: input.email, password: input.password, rememberMe: true },
          headers,
          returnHeaders: true,
        });
        return {
          user: { id: response.user.id, email: response.user.email, name: response.user.name },
          setCookies: responseHeaders.getSetCookie(),
        };
      } catch (error) {
        // better-auth answers wrong credentials with an APIError (401); anything else is real.
        if (isApiError(error) && (error.statusCode === 401 || error.statusCode === 400)) return null;
        throw error;
      }
    },
    async signOut(headers) {
      const { headers: responseHeaders } = await auth.api.signOut({ headers, returnHeaders: true });
      return responseHeaders.getSetCookie();
    },
  };
}

function isApiError(error: unknown): error is { statusCode: number } {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { statusCode?: unknown }).statusCode === "number"
  );
}

export * from "./clerk.ts";
export * from "./clerk-webhook.ts";

import { z } from "zod";
import { checkVariableGroup } from "./variable-group.ts";

/**
 * Hosted identity through Clerk. Either none of these is set (local accounts, the default)
 * or the three required ones are: a half-configured group stops start-up naming what is
 * missing, rather than running in a mode nobody chose.
 */
export const CLERK_REQUIRED_VARIABLES = [
  "CLERK_SECRET_KEY",
  "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
  "CLERK_WEBHOOK_SIGNING_SECRET",
] as const;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function decodesToClerkFrontendApi(encoded: string): boolean {
  if (!BASE64.test(encoded)) return false;
  // Clerk encodes the instance's Frontend API host followed by "$".
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  return decoded.length > 1 && decoded.endsWith("$");
}

export const clerkEnvShape = {
  /** Backend API key of the Clerk instance (sk_test_… or sk_live_…). */
  CLERK_SECRET_KEY: z
    .string()
    .regex(/^sk_(test|live)_[A-Za-z0-9]+$/, "must be a Clerk secret key (sk_test_… or sk_live_…)")
    .optional(),
  /** Frontend key of the Clerk instance (pk_test_… or pk_live_…); also sent to browsers. */
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: z
    .string()
    .refine((value) => {
      const match = /^pk_(test|live)_(.+)$/.exec(value);
      return match?.[2] !== undefined && decodesToClerkFrontendApi(match[2]);
    }, "must be a Clerk publishable key (pk_test_… or pk_live_…)")
    .optional(),
  /** Svix signing secret of the Clerk webhook endpoint (whsec_ followed by base64). */
  CLERK_WEBHOOK_SIGNING_SECRET: z
    .string()
    .refine((value) => {
      const key = value.startsWith("whsec_") ? value.slice("whsec_".length) : null;
      return key !== null && BASE64.test(key) && Buffer.from(key, "base64").length >= 16;
    }, "must be a webhook signing secret from the Clerk dashboard (whsec_ followed by base64)")
    .optional(),
  /**
   * Optional: the instance's JWT public key (PEM). With it, session tokens are verified
   * without a network call to Clerk; without it, Clerk's JWKS is fetched and cached.
   */
  CLERK_JWT_KEY: z
    .string()
    .refine(
      (value) => /-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/.test(value),
      "must be a PEM public key (-----BEGIN PUBLIC KEY----- …)",
    )
    .optional(),
};

type ClerkVariables = { [K in keyof typeof clerkEnvShape]?: string | undefined };

/**
 * The all-or-nothing rule across the Clerk variables. Runs even when other variables are
 * at fault, so one start-up message names every problem.
 */
export function requireWholeClerkGroup(value: unknown, ctx: z.RefinementCtx): void {
  const env = (typeof value === "object" && value !== null ? value : {}) as ClerkVariables;
  const on = checkVariableGroup(env, ctx, {
    required: CLERK_REQUIRED_VARIABLES,
    optional: ["CLERK_JWT_KEY"],
    when: "in Clerk mode",
    offHint: "none for local accounts",
  });
  if (!on) return;
  const secretKind = /^sk_(test|live)_/.exec(env.CLERK_SECRET_KEY ?? "")?.[1];
  const publishableKind = /^pk_(test|live)_/.exec(env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY ?? "")?.[1];
  if (secretKind && publishableKind && secretKind !== publishableKind) {
    ctx.addIssue({
      code: "custom",
      path: ["NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"],
      message: `is a ${publishableKind} key but CLERK_SECRET_KEY is a ${secretKind} key: both must come from the same Clerk instance`,
    });
  }
}

export type IdentityMode = "local" | "clerk";

export interface ClerkSettings {
  secretKey: string;
  publishableKey: string;
  webhookSigningSecret: string;
  jwtKey: string | null;
}

/** Local accounts (the default) or hosted identity through Clerk. */
export function identityMode(config: ClerkVariables): IdentityMode {
  return clerkSettings(config) ? "clerk" : "local";
}

/** The Clerk settings of a validated configuration, or null in local accounts mode. */
export function clerkSettings(config: ClerkVariables): ClerkSettings | null {
  const { CLERK_SECRET_KEY, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY, CLERK_WEBHOOK_SIGNING_SECRET } = config;
  if (!CLERK_SECRET_KEY || !NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY || !CLERK_WEBHOOK_SIGNING_SECRET) return null;
  return {
    secretKey: CLERK_SECRET_KEY,
    publishableKey: NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
    webhookSigningSecret: CLERK_WEBHOOK_SIGNING_SECRET,
    jwtKey: config.CLERK_JWT_KEY ?? null,
  };
}

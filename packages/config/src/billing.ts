import { z } from "zod";
import { checkVariableGroup } from "./variable-group.ts";

/**
 * Billing through Stripe. Either none of these is set (billing is off: nothing is metered or
 * limited, the default of the embedded setup) or the three required ones are: a
 * half-configured group stops start-up naming what is missing, like Clerk's.
 */
export const BILLING_REQUIRED_VARIABLES = [
  "SKYPORT_STRIPE_SECRET_KEY",
  "SKYPORT_STRIPE_WEBHOOK_SECRET",
  "SKYPORT_STRIPE_PUBLISHABLE_KEY",
] as const;

/** Optional members of the group: only meaningful in billing mode. */
const BILLING_OPTIONAL_VARIABLES = ["SKYPORT_STRIPE_API_URL", "SKYPORT_BILLING_PLANS_FILE"] as const;

export const billingEnvShape = {
  /** Stripe secret (sk_test_…/sk_live_…) or restricted (rk_…) API key. */
  SKYPORT_STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, "must be a Stripe secret key (sk_test_… or sk_live_…)")
    .optional(),
  /** Signing secret of the Stripe webhook endpoint pointing at /api/webhooks/stripe. */
  SKYPORT_STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=_-]{16,}$/, "must be a Stripe webhook signing secret (whsec_…)")
    .optional(),
  /** Publishable key (pk_test_…/pk_live_…); sent to browsers. */
  SKYPORT_STRIPE_PUBLISHABLE_KEY: z
    .string()
    .regex(/^pk_(test|live)_[A-Za-z0-9_]+$/, "must be a Stripe publishable key (pk_test_… or pk_live_…)")
    .optional(),
  /**
   * Where Stripe's API answers. Unset: https://api.stripe.com. Set it to a local stand-in
   * (tests, `npm start` demos), e.g. http://127.0.0.1:12111.
   */
  SKYPORT_STRIPE_API_URL: z
    .url({ message: "must be an absolute URL like http://127.0.0.1:12111" })
    .refine((value) => /^https?:$/.test(new URL(value).protocol), "must be an http:// or https:// URL")
    .optional(),
  /** A plans file replacing packages/config/billing/plans.json (same format). */
  SKYPORT_BILLING_PLANS_FILE: z.string().min(1).optional(),
};

type BillingVariables = { [K in keyof typeof billingEnvShape]?: string | undefined };

/** The all-or-nothing rule across the Stripe variables (see BILLING_REQUIRED_VARIABLES). */
export function requireWholeBillingGroup(value: unknown, ctx: z.RefinementCtx): void {
  const env = (typeof value === "object" && value !== null ? value : {}) as BillingVariables;
  const on = checkVariableGroup(env, ctx, {
    required: BILLING_REQUIRED_VARIABLES,
    optional: BILLING_OPTIONAL_VARIABLES,
    when: "when billing is on",
    offHint: "none to turn billing off",
  });
  if (!on) return;
  const secretKind = /^(?:sk|rk)_(test|live)_/.exec(env.SKYPORT_STRIPE_SECRET_KEY ?? "")?.[1];
  const publishableKind = /^pk_(test|live)_/.exec(env.SKYPORT_STRIPE_PUBLISHABLE_KEY ?? "")?.[1];
  if (secretKind && publishableKind && secretKind !== publishableKind) {
    ctx.addIssue({
      code: "custom",
      path: ["SKYPORT_STRIPE_PUBLISHABLE_KEY"],
      message: `is a ${publishableKind} key but SKYPORT_STRIPE_SECRET_KEY is a ${secretKind} key: both must come from the same Stripe account mode`,
    });
  }
}

export interface BillingSettings {
  secretKey: string;
  webhookSecret: string;
  publishableKey: string;
  /** null: Stripe itself. */
  apiUrl: string | null;
  plansFile: string | null;
}

/** The Stripe settings of a validated configuration, or null when billing is off. */
export function billingSettings(config: BillingVariables): BillingSettings | null {
  const { SKYPORT_STRIPE_SECRET_KEY, SKYPORT_STRIPE_WEBHOOK_SECRET, SKYPORT_STRIPE_PUBLISHABLE_KEY } = config;
  if (!SKYPORT_STRIPE_SECRET_KEY || !SKYPORT_STRIPE_WEBHOOK_SECRET || !SKYPORT_STRIPE_PUBLISHABLE_KEY)
    return null;
  return {
    secretKey: SKYPORT_STRIPE_SECRET_KEY,
    webhookSecret: SKYPORT_STRIPE_WEBHOOK_SECRET,
    publishableKey: SKYPORT_STRIPE_PUBLISHABLE_KEY,
    apiUrl: config.SKYPORT_STRIPE_API_URL ?? null,
    plansFile: config.SKYPORT_BILLING_PLANS_FILE ?? null,
  };
}

import type { BillingSettings } from "@skyport/config";
import Stripe from "stripe";

/** The Stripe API version Skyport is written against (stripe@23.2.0 pins it; set explicitly). */
export const STRIPE_API_VERSION = "2026-11-18.endive" as const;

export type StripeClient = Stripe;

/**
 * The Stripe client of a billing configuration. SKYPORT_STRIPE_API_URL points every API base
 * (api, files, meter-events) at a stand-in; unset, it is Stripe itself.
 */
export function createStripeClient(settings: Pick<BillingSettings, "secretKey" | "apiUrl">): StripeClient {
  const base = settings.apiUrl ? new URL(settings.apiUrl) : null;
  return new Stripe(settings.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: "Skyport" },
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
          protocol: base.protocol === "https:" ? "https" : "http",
        }
      : {}),
  });
}

/** Verifies a webhook delivery over its raw body with the SDK (default 300 s tolerance). */
export function verifyStripeWebhook(
  stripe: StripeClient,
  secret: string,
  rawBody: string,
  signature: string | null,
  toleranceSeconds = 300,
): { ok: true; event: Stripe.Event } | { ok: false; problem: string } {
  if (!signature) return { ok: false, problem: "the Stripe-Signature header is missing" };
  try {
    return { ok: true, event: stripe.webhooks.constructEvent(rawBody, signature, secret, toleranceSeconds) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problem: /tolerance/i.test(message)
        ? "the Stripe-Signature timestamp is outside the tolerance (a stale or replayed delivery)"
        : "the Stripe-Signature does not match the body (wrong signing secret or an altered delivery)",
    };
  }
}

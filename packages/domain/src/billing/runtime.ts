import { billingSettings, loadBillingPlans } from "@skyport/config";
import { createStripeClient } from "./stripe-client.ts";
import type { BillingRuntime } from "./sync.ts";

/**
 * The billing runtime of a validated configuration (web and worker alike), or null when
 * billing is off. Reads and checks the plans file once, at start-up.
 */
export function billingRuntimeOf(
  config: Parameters<typeof billingSettings>[0],
  publicUrl: string,
): (BillingRuntime & { webhookSecret: string }) | null {
  const settings = billingSettings(config);
  if (!settings) return null;
  return {
    stripe: createStripeClient(settings),
    plans: loadBillingPlans(settings.plansFile),
    publicUrl,
    webhookSecret: settings.webhookSecret,
  };
}

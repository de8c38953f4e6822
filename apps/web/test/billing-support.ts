// Billing on, against the local Stripe stand-in (seeded with the plans file), for web tests.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadBillingPlans, type WebEnv } from "@skyport/config";
import { createStripeClient, seedStripeCatalog } from "@skyport/domain";
import { type LocalStripe, type LocalStripeOptions, startLocalStripe } from "@skyport/testing/stripe";
import { afterAll } from "vitest";

export interface LocalBilling {
  local: LocalStripe;
  env: Partial<WebEnv>;
}

/**
 * Starts the stand-in, seeds the catalogue and answers the SKYPORT_STRIPE_* settings.
 * `trialPlan` replaces the plans file's trial plan, e.g. "enterprise" so organizations without a
 * subscription are not limited by tests that are not about limits.
 */
export async function localBilling(
  options: LocalStripeOptions & { trialPlan?: string } = {},
): Promise<LocalBilling> {
  const local = await startLocalStripe(options);
  afterAll(() => local.close());
  const plans = loadBillingPlans();
  let plansFile: string | undefined;
  if (options.trialPlan) {
    plansFile = path.join(mkdtempSync(path.join(os.tmpdir(), "skyport-plans-")), "plans.json");
    writeFileSync(
      plansFile,
      JSON.stringify({ ...plans, trial: { ...plans.trial, plan: options.trialPlan } }),
    );
  }
  await seedStripeCatalog(createStripeClient({ secretKey: local.secretKey, apiUrl: local.url }), plans);
  return {
    local,
    env: {
      SKYPORT_STRIPE_SECRET_KEY: local.secretKey,
      SKYPORT_STRIPE_WEBHOOK_SECRET: local.webhookSecret,
      SKYPORT_STRIPE_PUBLISHABLE_KEY: "pk_test_local",
      SKYPORT_STRIPE_API_URL: local.url,
      ...(plansFile ? { SKYPORT_BILLING_PLANS_FILE: plansFile } : {}),
    },
  };
}

// `npm run billing:seed`: creates the plans file's products, prices, meters and entitlement
// features in the Stripe account of SKYPORT_STRIPE_SECRET_KEY (or the stand-in at
// SKYPORT_STRIPE_API_URL). Idempotent: everything is found again by lookup key.
import {
  billingEnvShape,
  billingSettings,
  loadBillingPlans,
  loadConfigOrExit,
  requireWholeBillingGroup,
  z,
} from "@skyport/config";
import { createStripeClient, seedStripeCatalog } from "@skyport/domain";

const config = loadConfigOrExit(
  "billing:seed",
  z.object(billingEnvShape).superRefine(requireWholeBillingGroup, { when: () => true }),
);
const settings = billingSettings(config);
if (!settings) {
  process.stderr.write(
    "billing:seed: billing is off. Set SKYPORT_STRIPE_SECRET_KEY, SKYPORT_STRIPE_WEBHOOK_SECRET and SKYPORT_STRIPE_PUBLISHABLE_KEY.\n",
  );
  process.exit(78);
}
try {
  const plans = loadBillingPlans(settings.plansFile);
  const report = await seedStripeCatalog(createStripeClient(settings), plans);
  const lines = [...report.created.map((what) => `created  ${what}`)];
  lines.push(`${report.created.length} created, ${report.existing.length} already in Stripe.`, "");
  process.stdout.write(lines.join("\n"));
} catch (error) {
  process.stderr.write(`billing:seed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

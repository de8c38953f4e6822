import { type BillingPlans, stripeNames } from "@skyport/config";
import type Stripe from "stripe";
import type { StripeClient } from "./stripe-client.ts";

export interface SeedReport {
  created: string[];
  existing: string[];
}

function isAlreadyExists(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { code?: string }).code === "resource_already_exists"
  );
}

/**
 * Creates the plans file's products, prices, meters and entitlement features in Stripe,
 * finding each again by its lookup key (or custom id), so a second run creates nothing.
 * Meters are immutable in Stripe: an existing one is kept as it is.
 */
export async function seedStripeCatalog(stripe: StripeClient, plans: BillingPlans): Promise<SeedReport> {
  const report: SeedReport = { created: [], existing: [] };
  const note = (created: boolean, what: string) => (created ? report.created : report.existing).push(what);

  const meters = new Map<string, Stripe.Billing.Meter>();
  const known = await stripe.billing.meters.list({ limit: 100 }).autoPagingToArray({ limit: 1000 });
  for (const meter of plans.meters) {
    const eventName = stripeNames.meterEvent(meter.key);
    let found = known.find((m) => m.event_name === eventName);
    note(!found, `meter ${eventName}`);
    found ??= await stripe.billing.meters.create({
      display_name: meter.displayName,
      event_name: eventName,
      default_aggregation: { formula: "sum" },
      customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" },
      value_settings: { event_payload_key: "value" },
    });
    meters.set(meter.key, found);
  }

  const features = new Map<string, Stripe.Entitlements.Feature>();
  for (const feature of plans.features) {
    const lookupKey = stripeNames.feature(feature.key);
    let found = (await stripe.entitlements.features.list({ lookup_key: lookupKey, limit: 1 })).data[0];
    note(!found, `feature ${lookupKey}`);
    found ??= await stripe.entitlements.features.create({ name: feature.name, lookup_key: lookupKey });
    features.set(feature.key, found);
  }

  async function ensureProduct(id: string, name: string, description?: string): Promise<void> {
    try {
      await stripe.products.create({ id, name, ...(description ? { description } : {}) });
      note(true, `product ${id}`);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      note(false, `product ${id}`);
    }
  }

  async function ensurePrice(lookupKey: string, params: Stripe.PriceCreateParams): Promise<void> {
    const existing = (await stripe.prices.list({ lookup_keys: [lookupKey], limit: 1 })).data[0];
    note(!existing, `price ${lookupKey}`);
    if (!existing) await stripe.prices.create({ ...params, lookup_key: lookupKey });
  }

  for (const plan of plans.plans) {
    const productId = stripeNames.product(plan.key);
    await ensureProduct(productId, `Skyport ${plan.name}`, plan.description);
    const attached = await stripe.products.listFeatures(productId, { limit: 100 });
    for (const key of plan.features) {
      const feature = features.get(key);
      if (!feature || attached.data.some((pf) => pf.entitlement_feature.id === feature.id)) continue;
      await stripe.products.createFeature(productId, { entitlement_feature: feature.id });
    }
    if (!plan.checkout) continue;
    if (plan.basePrice) {
      await ensurePrice(stripeNames.basePrice(plan.key), {
        product: productId,
        currency: plans.currency,
        unit_amount: plan.basePrice.monthlyCents,
        nickname: `${plan.name} base`,
        recurring: { interval: "month", usage_type: "licensed" },
      });
    }
    for (const [meterKey, cents] of Object.entries(plan.hourlyCents)) {
      const meter = meters.get(meterKey);
      if (!meter) continue;
      await ensurePrice(stripeNames.meteredPrice(plan.key, meterKey), {
        // On the plan's product, so Stripe grants the plan's features to a usage-only plan too.
        product: productId,
        currency: plans.currency,
        unit_amount: cents,
        nickname: `${plan.name}: ${meterKey}`,
        recurring: { interval: "month", usage_type: "metered", meter: meter.id },
        // Meter values are seconds; the price is per started hour of the period's total.
        transform_quantity: { divide_by: 3600, round: "up" },
      });
    }
  }
  return report;
}

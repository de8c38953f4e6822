// The real `stripe` client (pinned, endive) against the local Stripe stand-in: the catalogue
// seed is idempotent, and the stand-in answers the protocol the way the SDK expects.
import { loadBillingPlans, stripeNames } from "@skyport/config";
import { createStripeClient, seedStripeCatalog } from "@skyport/domain";
import { startLocalStripe } from "@skyport/testing/stripe";
import Stripe from "stripe";
import { afterAll, describe, expect, it } from "vitest";

const local = await startLocalStripe();
afterAll(() => local.close());
const stripe = createStripeClient({ secretKey: local.secretKey, apiUrl: local.url });
const plans = loadBillingPlans();

describe("billing:seed against the Stripe protocol", () => {
  it("creates meters, features, products and prices once; a second run creates nothing", async () => {
    const first = await seedStripeCatalog(stripe, plans);
    expect(first.existing).toEqual([]);
    // 9 meters, 12 features, 4 products, 3 base-less/base prices + 27 metered prices.
    expect(first.created.filter((c) => c.startsWith("meter "))).toHaveLength(9);
    expect(first.created.filter((c) => c.startsWith("feature "))).toHaveLength(12);
    expect(first.created.filter((c) => c.startsWith("product "))).toHaveLength(4);
    expect(first.created.filter((c) => c.startsWith("price "))).toHaveLength(2 + 27);

    const second = await seedStripeCatalog(stripe, plans);
    expect(second.created).toEqual([]);
    expect(local.objects("price")).toHaveLength(29);
    expect(local.objects("billing.meter")).toHaveLength(9);
    expect(local.objects("product_feature")).toHaveLength(3 + 4 + 7 + 7);

    const metered = (
      await stripe.prices.list({ lookup_keys: [stripeNames.meteredPrice("team", "worker_hours_m")] })
    ).data[0];
    expect(metered?.recurring).toMatchObject({ usage_type: "metered", interval: "month" });
    expect(metered?.transform_quantity).toEqual({ divide_by: 3600, round: "up" });
    expect(metered?.product).toBe(stripeNames.product("team"));
  });
});

describe("the stand-in speaks Stripe's protocol", () => {
  it("answers a wrong key with an AuthenticationError and a missing object with resource_missing", async () => {
    const wrong = createStripeClient({ secretKey: "sk_test_wrong", apiUrl: local.url });
    await expect(wrong.customers.create({})).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    await expect(stripe.customers.retrieve("cus_nope")).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      code: "resource_missing",
      param: "id",
      statusCode: 404,
    });
  });

  it("replays an idempotent POST and refuses the key with other parameters", async () => {
    const a = await stripe.customers.create(
      { metadata: { organizationId: "o1" } },
      { idempotencyKey: "k-1" },
    );
    const b = await stripe.customers.create(
      { metadata: { organizationId: "o1" } },
      { idempotencyKey: "k-1" },
    );
    expect(b.id).toBe(a.id);
    await expect(
      stripe.customers.create({ metadata: { organizationId: "o2" } }, { idempotencyKey: "k-1" }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("pages lists newest first and expands ids into objects", async () => {
    const customer = await stripe.customers.create({ email: "pay@example.com" });
    const session = await stripe.checkout.sessions.create(
      {
        mode: "subscription",
        customer: customer.id,
        line_items: [
          {
            price: (await stripe.prices.list({ lookup_keys: ["skyport_team_base"] })).data[0]?.id ?? "",
            quantity: 1,
          },
        ],
        success_url: "http://localhost/ok?session={CHECKOUT_SESSION_ID}",
      },
      {},
    );
    const expanded = await stripe.checkout.sessions.retrieve(session.id, { expand: ["customer"] });
    expect((expanded.customer as Stripe.Customer).email).toBe("pay@example.com");
    const all = await stripe.customers.list({ limit: 100 }).autoPagingToArray({ limit: 1000 });
    const pageOne = await stripe.customers.list({ limit: 2 });
    expect(pageOne.has_more).toBe(all.length > 2);
    expect(pageOne.data.map((c) => c.id)).toEqual(all.slice(0, 2).map((c) => c.id));
    expect(all[0]?.id).toBe(customer.id);
  });

  it("refuses a quantity on a metered line item, naming the parameter", async () => {
    const customer = await stripe.customers.create({});
    const price = (
      await stripe.prices.list({ lookup_keys: [stripeNames.meteredPrice("developer", "worker_hours_s")] })
    ).data[0];
    await expect(
      stripe.checkout.sessions.create({
        mode: "subscription",
        customer: customer.id,
        line_items: [{ price: price?.id ?? "", quantity: 1 }],
        success_url: "http://localhost/ok",
      }),
    ).rejects.toMatchObject({ param: "line_items[0][quantity]" });
  });

  it("counts a meter event identifier once and refuses timestamps outside Stripe's window", async () => {
    const customer = await stripe.customers.create({});
    const eventName = stripeNames.meterEvent("worker_hours_s");
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 3; i++) {
      await stripe.billing.meterEvents.create({
        event_name: eventName,
        identifier: "org-1:worker_hours_s:2026-12-06T01",
        timestamp: now - 60,
        payload: { stripe_customer_id: customer.id, value: "1800" },
      });
    }
    expect(local.meterEvents(eventName).filter((e) => e.customer === customer.id)).toEqual([
      {
        identifier: "org-1:worker_hours_s:2026-12-06T01",
        customer: customer.id,
        value: 1800,
        timestamp: now - 60,
      },
    ]);
    await expect(
      stripe.billing.meterEvents.create({
        event_name: eventName,
        timestamp: now - 36 * 86_400,
        payload: { stripe_customer_id: customer.id, value: "1" },
      }),
    ).rejects.toMatchObject({ param: "timestamp" });
  });
});

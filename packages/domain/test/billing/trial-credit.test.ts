// The trial's credit the Stripe way: a promotional billing credit grant on usage, created with
// the organization's Stripe customer (amount from the plans file), drawn down by invoices' usage
// lines, and shown in the billing overview as what is left.
import { stripeNames } from "@skyport/config";
import { getBillingOverview, openBillingPortal, startCheckout, syncBillingCustomer } from "@skyport/domain";
import { buildWorld } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { billingOnTestDatabase } from "./support.ts";

const { db, local, stripe, plans, billing, as } = await billingOnTestDatabase();

describe("trial credit", () => {
  it("is granted once with the customer, and invoices' usage draws it down", async () => {
    expect(plans.trial.creditCents).toBe(30000);
    const world = await buildWorld(db);
    const ctx = { ...as(world, "organizationOwner"), billing };
    const { organizationId } = world;
    const before = await getBillingOverview(ctx, { organizationId });
    expect(before.trialCredit).toBeNull();

    // The portal creates the customer too; a later checkout finds it and grants nothing more.
    await openBillingPortal(ctx, { organizationId });
    const { url } = await startCheckout(ctx, { organizationId, plan: "developer" });
    expect((await fetch(`${url}/complete`, { method: "POST" })).status).toBe(200);
    const customer = await db.billingCustomer.findUniqueOrThrow({ where: { organizationId } });
    await syncBillingCustomer(db, billing, customer.stripeCustomerId);

    const grants = local
      .objects("billing.credit_grant")
      .filter((g) => g.customer === customer.stripeCustomerId);
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({
      category: "promotional",
      amount: { type: "monetary", monetary: { currency: "usd", value: 30000 } },
      applicability_config: { scope: { price_type: "metered" } },
      metadata: { organizationId, skyport: "trial" },
    });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { organizationId, action: "billing.customer.create" },
    });
    expect(audit.metadata).toMatchObject({ trialCreditCents: 30000, creditGrant: grants[0]?.id });

    const granted = await getBillingOverview(ctx, { organizationId });
    expect(granted.trialCredit).toMatchObject({ grantedCents: 30000, remainingCents: 30000 });
    expect(granted.trialCredit?.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);

    // 10 hours of a small deployment on Developer (35 cents an hour): 3.50 USD of usage.
    await stripe.billing.meterEvents.create({
      event_name: stripeNames.meterEvent("deployment_hours_s"),
      payload: { stripe_customer_id: customer.stripeCustomerId, value: "36000" },
      identifier: `trial-credit-${organizationId}`,
      timestamp: Math.floor(Date.now() / 1000),
    });
    const preview = await getBillingOverview(ctx, { organizationId });
    expect(preview.upcomingInvoice?.totalCents).toBe(0);
    const subscription = await db.billingSubscription.findUniqueOrThrow({ where: { organizationId } });
    const renew = await fetch(`${local.url}/test/subscriptions/${subscription.stripeSubscriptionId}/renew`, {
      method: "POST",
    });
    expect(renew.status).toBe(200);
    const invoice = local
      .objects("invoice")
      .filter((i) => i.customer === customer.stripeCustomerId)
      .at(-1);
    expect(invoice).toMatchObject({ subtotal: 350, total: 0 });

    const after = await getBillingOverview(ctx, { organizationId });
    expect(after.trialCredit).toMatchObject({ grantedCents: 30000, remainingCents: 29650 });
  });

  it("billing off: no credit and nothing asked of Stripe", async () => {
    const world = await buildWorld(db);
    const overview = await getBillingOverview(
      { ...as(world, "organizationOwner"), billing: null },
      { organizationId: world.organizationId },
    );
    expect(overview).toMatchObject({ enabled: false, trialCredit: null });
  });
});

// Billing on for a domain test file: its own database, the local Stripe stand-in seeded with the
// plans file, the billing runtime the domain takes, and `as(world, persona)` contexts.
import { loadBillingPlans } from "@skyport/config";
import { createStripeClient, seedStripeCatalog, startCheckout, syncBillingCustomer } from "@skyport/domain";
import { createTestDatabase, type World } from "@skyport/testing";
import { startLocalStripe } from "@skyport/testing/stripe";
import { afterAll, expect } from "vitest";
import { personaContexts } from "../workspace-support.ts";

export async function billingOnTestDatabase() {
  const { db } = await createTestDatabase();
  const local = await startLocalStripe({ webhook: null });
  afterAll(() => local.close());
  const stripe = createStripeClient({ secretKey: local.secretKey, apiUrl: local.url });
  const plans = loadBillingPlans();
  await seedStripeCatalog(stripe, plans);
  const billing = { stripe, plans, publicUrl: "http://skyport.test" };
  const as = personaContexts(db);

  /** Checkout for a plan completed on the stand-in's hosted page, then the webhook job's sync. */
  async function subscribe(world: World, plan: string) {
    const { url } = await startCheckout(
      { ...as(world, "organizationOwner"), billing },
      { organizationId: world.organizationId, plan },
    );
    expect((await fetch(`${url}/complete`, { method: "POST" })).status).toBe(200);
    const customer = await db.billingCustomer.findUniqueOrThrow({
      where: { organizationId: world.organizationId },
    });
    await syncBillingCustomer(db, billing, customer.stripeCustomerId);
    return customer.stripeCustomerId;
  }

  return { db, local, stripe, plans, billing, as, subscribe };
}

import { randomBytes } from "node:crypto";
import { stripeNames } from "@skyport/config";
import { authorize } from "../authz/authorize.ts";
import { ConflictError, ValidationError } from "../shared/errors.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import type {
  BillingOverview,
  BillingOverviewInput,
  BillingRedirect,
  OpenPortalInput,
  StartCheckoutInput,
} from "./billing.types.ts";
import { billingStanding, UNLIMITED } from "./limits.ts";
import type { BillingRuntime } from "./sync.ts";

export type BillingContext = MutationContext & { billing: BillingRuntime | null };

/** How long a checkout session is held for an organization (a second checkout reuses it). */
const CHECKOUT_HOLD_MS = 30 * 60_000;

/** Checks the caller may manage the organization's billing, then that billing is on here. */
async function manageBilling(ctx: BillingContext, organizationId: string): Promise<BillingRuntime> {
  await authorize(ctx.db, ctx.actor, "billing.manage", { organizationId });
  if (!ctx.billing) throw new ConflictError("billing is off on this Skyport (no Stripe configuration)");
  return ctx.billing;
}

/**
 * The organization's Stripe customer: created before the first checkout, with the
 * organization id in its metadata. Concurrent first calls converge on one customer: Stripe's
 * idempotency key replays the first creation, and the row is keyed by organization.
 */
async function ensureCustomer(
  ctx: BillingContext,
  billing: BillingRuntime,
  organizationId: string,
): Promise<string> {
  const existing = await ctx.db.billingCustomer.findUnique({ where: { organizationId } });
  if (existing) return existing.stripeCustomerId;
  const organization = await ctx.db.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { name: true },
  });
  const customer = await billing.stripe.customers.create(
    { name: organization.name, metadata: { organizationId } },
    { idempotencyKey: `skyport-customer-${organizationId}` },
  );
  const trialCredit = await grantTrialCredit(billing, organizationId, customer.id);
  await mutate(ctx, { permission: "billing.manage", resource: { organizationId } }, async (tx) => {
    await tx.billingCustomer.upsert({
      where: { organizationId },
      create: { organizationId, stripeCustomerId: customer.id },
      update: {},
    });
    return {
      result: null,
      audit: {
        action: "billing.customer.create",
        targets: [{ type: "organization", id: organizationId, label: organization.name }],
        metadata: {
          stripeCustomerId: customer.id,
          ...(trialCredit ? { trialCreditCents: trialCredit.cents, creditGrant: trialCredit.grantId } : {}),
        },
      },
    };
  });
  const row = await ctx.db.billingCustomer.findUniqueOrThrow({ where: { organizationId } });
  return row.stripeCustomerId;
}

/**
 * The trial's credit (plans file `trial.creditCents`) as a Stripe billing credit grant on the new
 * customer: promotional, for metered prices (usage), expiring when the trial would end. Stripe
 * draws invoices' usage lines down from it. A retry within a day replays the same grant
 * (idempotency key per organization), so a crash before the customer row is written never
 * grants twice.
 */
async function grantTrialCredit(billing: BillingRuntime, organizationId: string, stripeCustomerId: string) {
  const { trial, currency } = billing.plans;
  if (trial.creditCents <= 0) return null;
  const grant = await billing.stripe.billing.creditGrants.create(
    {
      customer: stripeCustomerId,
      name: "Skyport trial credit",
      category: "promotional",
      amount: { type: "monetary", monetary: { currency, value: trial.creditCents } },
      applicability_config: { scope: { price_type: "metered" } },
      expires_at: Math.floor(Date.now() / 1000) + trial.days * 86_400,
      metadata: { organizationId, skyport: "trial" },
    },
    { idempotencyKey: `skyport-trial-credit-${organizationId}` },
  );
  return { grantId: grant.id, cents: trial.creditCents };
}

/** What is left of the organization's trial credit, from Stripe's credit grants and balance. */
async function trialCreditOf(
  billing: BillingRuntime,
  stripeCustomerId: string,
): Promise<BillingOverview["trialCredit"]> {
  const [grants, summary] = await Promise.all([
    billing.stripe.billing.creditGrants.list({ customer: stripeCustomerId, limit: 100 }),
    billing.stripe.billing.creditBalanceSummaries.retrieve({
      customer: stripeCustomerId,
      filter: { type: "applicability_scope", applicability_scope: { price_type: "metered" } },
    }),
  ]);
  const trial = grants.data.filter(
    (g) => g.metadata?.skyport === "trial" && g.amount.monetary?.currency === billing.plans.currency,
  );
  if (trial.length === 0) return null;
  const balance = summary.balances.find(
    (b) => b.available_balance.monetary?.currency === billing.plans.currency,
  );
  const expiresAt = trial.map((g) => g.expires_at).find((at) => typeof at === "number");
  return {
    grantedCents: trial.reduce((sum, g) => sum + (g.amount.monetary?.value ?? 0), 0),
    remainingCents: balance?.available_balance.monetary?.value ?? 0,
    expiresAt: expiresAt ? new Date(expiresAt * 1000) : null,
  };
}

/**
 * Starts a Stripe Checkout for a plan and answers its URL. One subscription per organization:
 * an organization with a live subscription changes plan in the portal instead, and while a
 * checkout is open a second one returns the same session (claimed atomically in PostgreSQL).
 */
export async function startCheckout(
  ctx: BillingContext,
  input: StartCheckoutInput,
): Promise<BillingRedirect> {
  const { organizationId } = input;
  const billing = await manageBilling(ctx, organizationId);
  const plan = billing.plans.plans.find((p) => p.key === input.plan);
  if (!plan) {
    throw new ValidationError(
      "plan",
      `plan must be one of ${billing.plans.plans.map((p) => p.key).join(", ")}`,
    );
  }
  if (!plan.checkout) {
    throw new ValidationError(
      "plan",
      `the ${plan.name} plan is sold by contract: contact ${plan.contact ?? "sales"}`,
    );
  }
  const subscription = await ctx.db.billingSubscription.findUnique({ where: { organizationId } });
  if (subscription && !["canceled", "incomplete_expired"].includes(subscription.status)) {
    throw new ConflictError(
      "the organization already has a subscription: change plan or cancel in the customer portal",
      "plan",
    );
  }
  const stripeCustomerId = await ensureCustomer(ctx, billing, organizationId);

  // Claim the checkout slot: only one caller at a time creates a session.
  const token = randomBytes(12).toString("hex");
  const now = new Date();
  const claimed = await ctx.db.billingCustomer.updateMany({
    where: {
      organizationId,
      OR: [{ checkoutSessionId: null }, { checkoutExpiresAt: { lt: now } }],
    },
    data: {
      checkoutSessionId: `claim:${token}`,
      checkoutSessionUrl: null,
      checkoutPlanKey: plan.key,
      checkoutExpiresAt: new Date(now.getTime() + CHECKOUT_HOLD_MS),
    },
  });
  if (claimed.count === 0) {
    const held = await ctx.db.billingCustomer.findUniqueOrThrow({ where: { organizationId } });
    if (held.checkoutSessionUrl && held.checkoutPlanKey === plan.key) {
      return { url: held.checkoutSessionUrl, expiresAt: held.checkoutExpiresAt };
    }
    throw new ConflictError(
      `a checkout${held.checkoutPlanKey ? ` for the ${held.checkoutPlanKey} plan` : ""} is already open until ${held.checkoutExpiresAt?.toISOString()}: finish it or try again then`,
      "plan",
    );
  }

  try {
    const lookupKeys = [
      ...(plan.basePrice ? [stripeNames.basePrice(plan.key)] : []),
      ...Object.keys(plan.hourlyCents).map((meter) => stripeNames.meteredPrice(plan.key, meter)),
    ];
    const prices = (await billing.stripe.prices.list({ lookup_keys: lookupKeys, limit: 100 })).data;
    if (prices.length !== lookupKeys.length) {
      throw new ConflictError(`the ${plan.name} plan is not set up in Stripe: run npm run billing:seed`);
    }
    const everSubscribed = subscription !== null;
    const session = await billing.stripe.checkout.sessions.create(
      {
        mode: "subscription",
        customer: stripeCustomerId,
        client_reference_id: organizationId,
        line_items: prices.map((price) =>
          // Stripe refuses a quantity on metered prices.
          price.recurring?.usage_type === "metered" ? { price: price.id } : { price: price.id, quantity: 1 },
        ),
        success_url: `${billing.publicUrl}/orgs/${organizationId}/billing?checkout=done`,
        cancel_url: `${billing.publicUrl}/orgs/${organizationId}/billing?checkout=cancelled`,
        metadata: { organizationId, plan: plan.key },
        subscription_data: {
          metadata: { organizationId, plan: plan.key },
          ...(everSubscribed ? {} : { trial_period_days: billing.plans.trial.days }),
        },
      },
      { idempotencyKey: `skyport-checkout-${organizationId}-${token}` },
    );
    const url = session.url ?? "";
    return await mutate(ctx, { permission: "billing.manage", resource: { organizationId } }, async (tx) => {
      const row = await tx.billingCustomer.update({
        where: { organizationId },
        data: { checkoutSessionId: session.id, checkoutSessionUrl: url },
      });
      return {
        result: { url, expiresAt: row.checkoutExpiresAt },
        audit: {
          action: "billing.checkout.start",
          targets: [{ type: "organization", id: organizationId, label: organizationId }],
          metadata: { plan: plan.key, checkoutSession: session.id },
        },
      };
    });
  } catch (error) {
    // Release the claim so the next attempt can open a session.
    await ctx.db.billingCustomer.updateMany({
      where: { organizationId, checkoutSessionId: `claim:${token}` },
      data: {
        checkoutSessionId: null,
        checkoutSessionUrl: null,
        checkoutPlanKey: null,
        checkoutExpiresAt: null,
      },
    });
    throw error;
  }
}

/** Opens Stripe's Customer Portal (payment methods, plan changes, cancellation). */
export async function openBillingPortal(
  ctx: BillingContext,
  { organizationId }: OpenPortalInput,
): Promise<BillingRedirect> {
  const billing = await manageBilling(ctx, organizationId);
  const stripeCustomerId = await ensureCustomer(ctx, billing, organizationId);
  const session = await billing.stripe.billingPortal.sessions.create({
    customer: stripeCustomerId,
    return_url: `${billing.publicUrl}/orgs/${organizationId}/billing`,
  });
  return mutate(ctx, { permission: "billing.manage", resource: { organizationId } }, async () => ({
    result: { url: session.url, expiresAt: null },
    audit: {
      action: "billing.portal.open",
      targets: [{ type: "organization", id: organizationId, label: organizationId }],
      metadata: { portalSession: session.id },
    },
  }));
}

const DAY = 86_400_000;

/** The Billing page: plan, usage so far, the upcoming invoice and past invoices. */
export async function getBillingOverview(
  ctx: BillingContext,
  input: BillingOverviewInput,
): Promise<BillingOverview> {
  const { organizationId } = input;
  await authorize(ctx.db, ctx.actor, "billing.read", { organizationId });
  const billing = ctx.billing;
  const empty: BillingOverview = {
    enabled: false,
    currency: null,
    plan: null,
    status: null,
    pastDueSince: null,
    newDeploymentsBlocked: false,
    currentPeriodStart: null,
    currentPeriodEnd: null,
    cancelAtPeriodEnd: false,
    limits: UNLIMITED,
    plans: [],
    usage: [],
    usageByDay: [],
    upcomingInvoice: null,
    invoices: [],
    trialCredit: null,
  };
  if (!billing) return empty;
  const { plans, stripe } = billing;
  const standing = await billingStanding(ctx.db, plans, organizationId);
  const [customer, subscription] = await Promise.all([
    ctx.db.billingCustomer.findUnique({ where: { organizationId } }),
    ctx.db.billingSubscription.findUnique({ where: { organizationId } }),
  ]);
  const periodStart = subscription?.currentPeriodStart ?? new Date(Date.now() - 30 * DAY);
  const records = await ctx.db.usageRecord.findMany({
    where: { organizationId, hourStart: { gte: periodStart } },
    orderBy: { hourStart: "asc" },
  });
  const usage = plans.meters
    .map((meter) => {
      const own = records.filter((r) => r.meterKey === meter.key);
      return {
        meter: meter.key,
        name: meter.displayName,
        seconds: own.reduce((sum, r) => sum + r.seconds, 0),
        sentSeconds: own.filter((r) => r.sentAt).reduce((sum, r) => sum + r.seconds, 0),
      };
    })
    .filter((u) => u.seconds > 0);
  const byDay = new Map<string, number>();
  for (const r of records) {
    const key = `${r.hourStart.toISOString().slice(0, 10)}|${r.meterKey}`;
    byDay.set(key, (byDay.get(key) ?? 0) + r.seconds);
  }
  const usageByDay = [...byDay].map(([key, seconds]) => {
    const [day = "", meter = ""] = key.split("|");
    return { day, meter, hours: Math.round((seconds / 3600) * 100) / 100 };
  });

  let upcomingInvoice: BillingOverview["upcomingInvoice"] = null;
  let invoices: BillingOverview["invoices"] = [];
  let trialCredit: BillingOverview["trialCredit"] = null;
  if (customer) {
    trialCredit = await trialCreditOf(billing, customer.stripeCustomerId);
    const live = subscription && !["canceled", "incomplete_expired"].includes(subscription.status);
    const [preview, list] = await Promise.all([
      live
        ? stripe.invoices.createPreview({
            customer: customer.stripeCustomerId,
            subscription: subscription.stripeSubscriptionId,
          })
        : null,
      stripe.invoices.list({ customer: customer.stripeCustomerId, limit: 12 }),
    ]);
    if (preview) {
      upcomingInvoice = {
        totalCents: preview.total,
        periodEnd: preview.period_end ? new Date(preview.period_end * 1000) : null,
        lines: preview.lines.data.map((line) => ({
          description: line.description ?? "",
          amountCents: line.amount,
          quantity: line.quantity ?? null,
        })),
      };
    }
    invoices = list.data.map((invoice) => ({
      id: invoice.id ?? "",
      status: invoice.status ?? null,
      totalCents: invoice.total,
      created: new Date(invoice.created * 1000),
      url: invoice.hosted_invoice_url ?? null,
      pdf: invoice.invoice_pdf ?? null,
    }));
  }
  const plan = plans.plans.find((p) => p.key === standing.planKey);
  return {
    ...empty,
    enabled: true,
    currency: plans.currency,
    plan: plan ? { key: plan.key, name: plan.name } : null,
    status: standing.status,
    pastDueSince: standing.pastDueSince,
    newDeploymentsBlocked: standing.blocked,
    currentPeriodStart: subscription?.currentPeriodStart ?? null,
    currentPeriodEnd: subscription?.currentPeriodEnd ?? null,
    cancelAtPeriodEnd: subscription?.cancelAtPeriodEnd ?? false,
    limits: standing.limits,
    plans: plans.plans.map((p) => ({
      key: p.key,
      name: p.name,
      description: p.description,
      monthlyCents: p.basePrice?.monthlyCents ?? null,
      checkout: p.checkout,
      contact: p.contact ?? null,
    })),
    usage,
    usageByDay,
    upcomingInvoice,
    invoices,
    trialCredit,
  };
}

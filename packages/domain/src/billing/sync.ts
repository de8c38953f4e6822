import type { BillingPlans } from "@skyport/config";
import type { PrismaClient } from "@skyport/db";
import type Stripe from "stripe";
import { EMPTY_CONTEXT, SYSTEM_ACTOR } from "../shared/actor.ts";
import { auditWithoutRole } from "../shared/mutation.ts";
import type { StripeClient } from "./stripe-client.ts";

/** What the billing flows need: Stripe, the plans file and where people come back to. */
export interface BillingRuntime {
  stripe: StripeClient;
  plans: BillingPlans;
  /** The console's URL (checkout and portal return here). */
  publicUrl: string;
}

const LIVE = ["active", "trialing", "past_due", "unpaid", "incomplete", "paused"];

/** The plans-file key of a subscription: the plan product one of its prices belongs to. */
function planKeyOf(subscription: Stripe.Subscription): string | null {
  for (const item of subscription.items.data) {
    const product = typeof item.price.product === "string" ? item.price.product : item.price.product.id;
    const match = /^skyport_plan_([a-z0-9_]+)$/.exec(product);
    if (match?.[1]) return match[1];
  }
  return null;
}

const at = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

export interface SyncOutcome {
  organizationId: string | null;
  changed: boolean;
}

/**
 * Converges an organization's billing mirror to Stripe: re-reads the customer's subscriptions
 * and active entitlements (never trusting a webhook payload) and writes what differs, audited
 * once. Order-independent and idempotent: events in any order, duplicates and replays all end
 * in Stripe's current state, and a sync that finds nothing new writes nothing.
 */
export async function syncBillingCustomer(
  db: PrismaClient,
  billing: Pick<BillingRuntime, "stripe">,
  stripeCustomerId: string,
  now = new Date(),
): Promise<SyncOutcome> {
  const customerRow = await db.billingCustomer.findUnique({ where: { stripeCustomerId } });
  let organizationId = customerRow?.organizationId ?? null;
  if (!organizationId) {
    // A customer created by Skyport carries the organization id; any other is not ours.
    const customer = await billing.stripe.customers.retrieve(stripeCustomerId);
    const claimed = "deleted" in customer ? null : (customer.metadata?.organizationId ?? null);
    if (!claimed || !(await db.organization.findUnique({ where: { id: claimed }, select: { id: true } }))) {
      return { organizationId: null, changed: false };
    }
    organizationId = claimed;
  }
  const subscriptions = await billing.stripe.subscriptions
    .list({ customer: stripeCustomerId, status: "all", limit: 100 })
    .autoPagingToArray({ limit: 1000 });
  // The oldest live subscription is the organization's; Checkout allows one per customer.
  const live = subscriptions.filter((s) => LIVE.includes(s.status)).sort((a, b) => a.created - b.created);
  const current = live[0] ?? subscriptions.sort((a, b) => b.created - a.created)[0] ?? null;
  const entitlements = await billing.stripe.entitlements.activeEntitlements
    .list({ customer: stripeCustomerId, limit: 100 })
    .autoPagingToArray({ limit: 1000 });
  const lookupKeys = [...new Set(entitlements.map((e) => e.lookup_key))].sort();

  const orgId = organizationId;
  const changed = await db.$transaction(async (tx) => {
    // One writer per organization at a time.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`billing:${orgId}`}))`;
    if (!customerRow) {
      await tx.billingCustomer.upsert({
        where: { organizationId: orgId },
        create: { organizationId: orgId, stripeCustomerId },
        update: {},
      });
    }
    const before = await tx.billingSubscription.findUnique({ where: { organizationId: orgId } });
    const beforeKeys = (
      await tx.billingEntitlement.findMany({
        where: { organizationId: orgId },
        orderBy: { lookupKey: "asc" },
      })
    ).map((e) => e.lookupKey);
    const item = current?.items.data[0];
    const next = current
      ? {
          stripeSubscriptionId: current.id,
          status: current.status,
          planKey: planKeyOf(current),
          currentPeriodStart: at(item?.current_period_start),
          currentPeriodEnd: at(item?.current_period_end),
          cancelAtPeriodEnd: current.cancel_at_period_end,
          trialEnd: at(current.trial_end),
          pastDueSince:
            current.status === "past_due" || current.status === "unpaid"
              ? ((before?.status === "past_due" || before?.status === "unpaid"
                  ? before.pastDueSince
                  : null) ?? now)
              : null,
        }
      : null;
    const same =
      (before === null && next === null) ||
      (before !== null &&
        next !== null &&
        before.stripeSubscriptionId === next.stripeSubscriptionId &&
        before.status === next.status &&
        before.planKey === next.planKey &&
        before.currentPeriodStart?.getTime() === next.currentPeriodStart?.getTime() &&
        before.currentPeriodEnd?.getTime() === next.currentPeriodEnd?.getTime() &&
        before.cancelAtPeriodEnd === next.cancelAtPeriodEnd &&
        before.trialEnd?.getTime() === next.trialEnd?.getTime());
    const sameKeys = JSON.stringify(beforeKeys) === JSON.stringify(lookupKeys);
    if (same && sameKeys) return false;
    if (!same) {
      if (next) {
        await tx.billingSubscription.upsert({
          where: { organizationId: orgId },
          create: { organizationId: orgId, ...next, syncedAt: now },
          update: { ...next, syncedAt: now },
        });
      } else {
        await tx.billingSubscription.deleteMany({ where: { organizationId: orgId } });
      }
    }
    if (!sameKeys) {
      await tx.billingEntitlement.deleteMany({ where: { organizationId: orgId } });
      await tx.billingEntitlement.createMany({
        data: lookupKeys.map((lookupKey) => ({ organizationId: orgId, lookupKey, syncedAt: now })),
      });
    }
    await auditWithoutRole(tx, "stripe-sync", {
      organizationId: orgId,
      actor: { ...SYSTEM_ACTOR, label: "Stripe sync" },
      context: EMPTY_CONTEXT,
      action: "billing.subscription.sync",
      targets: [{ type: "organization", id: orgId, label: orgId }],
      metadata: {
        subscription: next?.stripeSubscriptionId ?? null,
        status: { from: before?.status ?? null, to: next?.status ?? null },
        plan: { from: before?.planKey ?? null, to: next?.planKey ?? null },
        entitlements: { from: beforeKeys, to: lookupKeys },
      },
    });
    return true;
  });
  return { organizationId: orgId, changed };
}

/** The Stripe customer an event is about, when it is about one. */
export function customerOfEvent(event: Stripe.Event): string | null {
  const object = event.data.object as unknown as Record<string, unknown>;
  if (object.object === "customer" && typeof object.id === "string") return object.id;
  const customer = object.customer;
  if (typeof customer === "string") return customer;
  if (customer && typeof customer === "object" && typeof (customer as { id?: unknown }).id === "string") {
    return (customer as { id: string }).id;
  }
  return null;
}

/**
 * Records a verified webhook event once (its id under a unique key). Returns the customer to
 * sync, or null for a replayed/duplicate event or one about no customer.
 */
export async function acceptStripeEvent(
  db: PrismaClient,
  event: Stripe.Event,
): Promise<{ accepted: boolean; stripeCustomerId: string | null }> {
  const stripeCustomerId = customerOfEvent(event);
  const inserted = await db.$executeRaw`
    INSERT INTO "StripeWebhookEvent" ("id", "type", "stripeCustomerId", "receivedAt")
    VALUES (${event.id}, ${event.type}, ${stripeCustomerId}, now())
    ON CONFLICT ("id") DO NOTHING`;
  return { accepted: inserted === 1, stripeCustomerId };
}

/** Marks a webhook event's sync as done. */
export async function markStripeEventProcessed(db: PrismaClient, eventId: string): Promise<void> {
  await db.stripeWebhookEvent.updateMany({
    where: { id: eventId, processedAt: null },
    data: { processedAt: new Date() },
  });
}

/** The periodic reconciliation: re-syncs every known customer (recovers missed webhooks). */
export async function reconcileBillingCustomers(
  db: PrismaClient,
  billing: Pick<BillingRuntime, "stripe">,
): Promise<{ customers: number; changed: number }> {
  const customers = await db.billingCustomer.findMany({
    select: { stripeCustomerId: true },
    orderBy: { organizationId: "asc" },
  });
  let changed = 0;
  for (const { stripeCustomerId } of customers) {
    if ((await syncBillingCustomer(db, billing, stripeCustomerId)).changed) changed++;
  }
  return { customers: customers.length, changed };
}

import type { PrismaClient } from "@skyport/db";
import {
  type BillingRuntime,
  markStripeEventProcessed,
  reconcileBillingCustomers,
  reportUsage,
  syncBillingCustomer,
} from "@skyport/domain";
import type { Logger } from "@skyport/logger";
import { jobs } from "@skyport/queue";
import type { Job } from "bullmq";

/** Converges one customer's billing mirror to Stripe (one accepted webhook event). */
export function billingSyncHandler(db: PrismaClient, billing: BillingRuntime, logger: Logger) {
  return async (job: Job) => {
    const { stripeCustomerId, eventId } = jobs.billingSync.payload.parse(job.data);
    const outcome = await syncBillingCustomer(db, billing, stripeCustomerId);
    await markStripeEventProcessed(db, eventId);
    if (outcome.changed)
      logger.info({ eventId, organizationId: outcome.organizationId }, "billing mirror converged");
    return outcome;
  };
}

/** Re-syncs every customer: what a missed webhook left behind is repaired within the interval. */
export function billingReconcileHandler(db: PrismaClient, billing: BillingRuntime, logger: Logger) {
  return async () => {
    const outcome = await reconcileBillingCustomers(db, billing);
    if (outcome.changed > 0) logger.warn(outcome, "billing reconciliation repaired missed Stripe changes");
    return outcome;
  };
}

/** Measures runtime usage per hour and sends finished hours to Stripe as meter events. */
export function billingUsageReportHandler(db: PrismaClient, billing: BillingRuntime) {
  return () => reportUsage(db, billing);
}

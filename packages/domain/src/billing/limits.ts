import { type BillingPlans, type FeatureGrants, stripeNames } from "@skyport/config";
import type { Db } from "../authz/authorize.ts";
import { PlanLimitError } from "../shared/errors.ts";

type Size = "S" | "M" | "L";
export type PlanFeature = "sso" | "audit_export" | "alert_channels";

/** What an organization may run, from Stripe's active entitlements (mirrored in PostgreSQL). */
export interface PlanLimits {
  /** null: unlimited. */
  maxDeployments: number | null;
  schedulerSizes: Size[];
  highAvailability: boolean;
  maxWorkersPerQueue: number | null;
  features: PlanFeature[];
}

export const UNLIMITED: PlanLimits = {
  maxDeployments: null,
  schedulerSizes: ["S", "M", "L"],
  highAvailability: true,
  maxWorkersPerQueue: null,
  features: ["sso", "audit_export", "alert_channels"],
};

/** Days a past-due organization keeps creating deployments before new ones are refused. */
export const PAST_DUE_GRACE_DAYS = 7;

const maxOf = (a: number | null, b: number | null | undefined) =>
  b === undefined ? a : a === null || b === null ? null : Math.max(a, b);

/** The union of the grants of the given plans-file feature keys (the most generous wins). */
export function limitsOfFeatures(plans: BillingPlans, featureKeys: readonly string[]): PlanLimits {
  const limits: PlanLimits = {
    maxDeployments: 0,
    schedulerSizes: [],
    highAvailability: false,
    maxWorkersPerQueue: 0,
    features: [],
  };
  for (const feature of plans.features) {
    if (!featureKeys.includes(feature.key)) continue;
    const g: FeatureGrants = feature.grants;
    limits.maxDeployments = maxOf(limits.maxDeployments, g.maxDeployments);
    limits.maxWorkersPerQueue = maxOf(limits.maxWorkersPerQueue, g.maxWorkersPerQueue);
    limits.highAvailability ||= g.highAvailability ?? false;
    for (const size of g.schedulerSizes ?? [])
      if (!limits.schedulerSizes.includes(size)) limits.schedulerSizes.push(size);
    for (const f of g.features ?? []) if (!limits.features.includes(f)) limits.features.push(f);
  }
  return limits;
}

/** Plans-file feature keys of Stripe entitlement lookup keys (unknown keys are ignored). */
export function featureKeysOfLookupKeys(plans: BillingPlans, lookupKeys: readonly string[]): string[] {
  return plans.features.filter((f) => lookupKeys.includes(stripeNames.feature(f.key))).map((f) => f.key);
}

export interface BillingStanding {
  enabled: boolean;
  planKey: string | null;
  status: string | null;
  pastDueSince: Date | null;
  /** Past due for longer than the grace period: new deployments are refused. */
  blocked: boolean;
  limits: PlanLimits;
}

/**
 * An organization's plan and limits. Billing off (plans null): unlimited. Without a live
 * subscription: the trial plan's limits, so a new organization can try Skyport.
 */
export async function billingStanding(
  db: Db,
  plans: BillingPlans | null,
  organizationId: string,
  now = new Date(),
): Promise<BillingStanding> {
  if (!plans)
    return {
      enabled: false,
      planKey: null,
      status: null,
      pastDueSince: null,
      blocked: false,
      limits: UNLIMITED,
    };
  const [subscription, entitlements] = await Promise.all([
    db.billingSubscription.findUnique({ where: { organizationId } }),
    db.billingEntitlement.findMany({ where: { organizationId }, select: { lookupKey: true } }),
  ]);
  const live = subscription && !["canceled", "incomplete_expired"].includes(subscription.status);
  const trialPlan = plans.plans.find((p) => p.key === plans.trial.plan);
  const limits = live
    ? limitsOfFeatures(
        plans,
        featureKeysOfLookupKeys(
          plans,
          entitlements.map((e) => e.lookupKey),
        ),
      )
    : limitsOfFeatures(plans, trialPlan?.features ?? []);
  const pastDueSince = live ? (subscription.pastDueSince ?? null) : null;
  return {
    enabled: true,
    planKey: live ? subscription.planKey : null,
    status: live ? subscription.status : null,
    pastDueSince,
    blocked:
      pastDueSince !== null && now.getTime() - pastDueSince.getTime() > PAST_DUE_GRACE_DAYS * 86_400_000,
    limits,
  };
}

/** The first plan (in the file's order) whose features satisfy `allows`, by name. */
function liftingPlan(plans: BillingPlans, allows: (limits: PlanLimits) => boolean): string | null {
  const plan = plans.plans.find((p) => allows(limitsOfFeatures(plans, p.features)));
  return plan?.name ?? null;
}

function refuse(
  plans: BillingPlans,
  standing: BillingStanding,
  limit: string,
  what: string,
  allows: (l: PlanLimits) => boolean,
): never {
  const lifter = liftingPlan(plans, allows);
  const current = plans.plans.find((p) => p.key === standing.planKey)?.name ?? "no plan (trial limits)";
  throw new PlanLimitError(
    limit,
    `${what} is not included in your plan (${current})${lifter ? `: upgrade to ${lifter} on the Billing page` : ""}`,
    lifter,
  );
}

/** The parts of a deployment spec plans limit. */
export interface LimitedSpec {
  schedulerSize: Size;
  highAvailability: boolean;
  workerQueues: ReadonlyArray<{ name: string; maxWorkers: number }>;
}

/**
 * THE place plan limits are enforced for deployments (create and every spec change). Runs in
 * the change's transaction; refuses with PlanLimitError (HTTP 402) and never stops or deletes
 * anything that already runs.
 */
export async function enforceDeploymentPlan(
  db: Db,
  plans: BillingPlans | null | undefined,
  organizationId: string,
  spec: LimitedSpec,
  change: { creating: boolean },
): Promise<void> {
  if (!plans) return;
  const standing = await billingStanding(db, plans, organizationId);
  const { limits } = standing;
  if (change.creating) {
    if (standing.blocked) {
      throw new PlanLimitError(
        "payment",
        `payment is past due since ${standing.pastDueSince?.toISOString().slice(0, 10)}: new deployments are paused until the invoice is paid (update the payment method on the Billing page); running deployments are not affected`,
        null,
      );
    }
    if (limits.maxDeployments !== null) {
      const count = await db.deployment.count({
        where: { organizationId, deletedAt: null, status: { not: "DELETED" } },
      });
      if (count >= limits.maxDeployments) {
        refuse(
          plans,
          standing,
          "deployments",
          `a deployment beyond ${limits.maxDeployments}`,
          (l) => l.maxDeployments === null || l.maxDeployments > count,
        );
      }
    }
  }
  if (!limits.schedulerSizes.includes(spec.schedulerSize)) {
    refuse(plans, standing, "scheduler size", `scheduler size ${spec.schedulerSize}`, (l) =>
      l.schedulerSizes.includes(spec.schedulerSize),
    );
  }
  if (spec.highAvailability && !limits.highAvailability) {
    refuse(plans, standing, "high availability", "high availability", (l) => l.highAvailability);
  }
  const max = limits.maxWorkersPerQueue;
  const over = max === null ? undefined : spec.workerQueues.find((q) => q.maxWorkers > max);
  if (over) {
    refuse(
      plans,
      standing,
      "workers per queue",
      `${over.maxWorkers} workers in queue “${over.name}” (at most ${max})`,
      (l) => l.maxWorkersPerQueue === null || l.maxWorkersPerQueue >= over.maxWorkers,
    );
  }
}

/**
 * Notification channel kinds that need the "alert_channels" plan feature. The plans file names
 * that feature "Slack, PagerDuty, Opsgenie and webhook alert channels": e-mail alerts are part of
 * every plan (the trial included), every other kind needs a plan granting alert_channels.
 */
export const PLAN_ALERT_CHANNEL_KINDS: readonly string[] = ["SLACK", "PAGERDUTY", "OPSGENIE", "WEBHOOK"];

/** THE gate for notification channels (create and update): a paid kind needs "alert_channels". */
export async function enforceAlertChannelPlan(
  db: Db,
  plans: BillingPlans | null | undefined,
  organizationId: string,
  kind: string,
): Promise<void> {
  if (!PLAN_ALERT_CHANNEL_KINDS.includes(kind)) return;
  const label =
    { SLACK: "Slack", PAGERDUTY: "PagerDuty", OPSGENIE: "Opsgenie", WEBHOOK: "Webhook" }[kind] ?? kind;
  await enforcePlanFeature(db, plans, organizationId, "alert_channels", `a ${label} alert channel`);
}

/** Refuses a feature (SSO, audit export, alert channels) the organization's plan lacks. */
export async function enforcePlanFeature(
  db: Db,
  plans: BillingPlans | null | undefined,
  organizationId: string,
  feature: PlanFeature,
  what: string,
): Promise<void> {
  if (!plans) return;
  const standing = await billingStanding(db, plans, organizationId);
  if (!standing.limits.features.includes(feature))
    refuse(plans, standing, feature, what, (l) => l.features.includes(feature));
}

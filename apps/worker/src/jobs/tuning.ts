// telemetry.tuning-recompute: every live deployment's tuning recommendations, from its stored
// metrics and runs, on the worker's clock (tests pass a fake one), within the plan's limits
// when billing is on.
import type { BillingPlans } from "@skyport/config";
import type { PrismaClient } from "@skyport/db";
import { recomputeAllRecommendations } from "@skyport/domain";

export function tuningRecomputeHandler(
  db: PrismaClient,
  clock: () => Date = () => new Date(),
  billingPlans: BillingPlans | null = null,
) {
  return async () => ({ deployments: await recomputeAllRecommendations(db, clock(), { billingPlans }) });
}

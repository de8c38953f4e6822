// telemetry.tuning-recompute: every live deployment's tuning recommendations, from its stored
// metrics and runs, on the worker's clock (tests pass a fake one).
import type { PrismaClient } from "@skyport/db";
import { recomputeAllRecommendations } from "@skyport/domain";

export function tuningRecomputeHandler(db: PrismaClient, clock: () => Date = () => new Date()) {
  return async () => ({ deployments: await recomputeAllRecommendations(db, clock()) });
}

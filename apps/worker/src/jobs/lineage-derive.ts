// Telemetry jobs: derive the run model from raw lineage events, sweep for anything a coalesced
// job left behind, and drop raw partitions past the retention period.
import type { PrismaClient } from "@skyport/db";
import {
  DEFAULT_LINEAGE_RETENTION_DAYS,
  deploymentsWithPendingLineage,
  deriveDeploymentLineage,
  dropExpiredLineagePartitions,
} from "@skyport/domain";
import type { Logger } from "@skyport/logger";
import { type JobProducer, jobs } from "@skyport/queue";
import type { Job } from "bullmq";

/** How often the sweep derives deployments with unsettled events. */
export const LINEAGE_SWEEP_INTERVAL_MS = 10_000;
/** How often raw partitions past retention are dropped. */
export const LINEAGE_RETENTION_INTERVAL_MS = 60 * 60 * 1000;

type Producer = Pick<JobProducer, "enqueue">;

/** After a derivation committed changes, the deployment's alert rules are evaluated (a job). */
async function evaluateAlerts(producer: Producer, deploymentId: string, derived: { runs: number }) {
  if (derived.runs > 0) await producer.enqueue(jobs.alertEvaluation, { deploymentId, at: Date.now() });
  return derived;
}

/** telemetry.lineage-derive: one deployment, everything past its cursor. */
export function lineageDeriveHandler(db: PrismaClient, producer: Producer) {
  return async (job: Job) => {
    const { deploymentId } = jobs.lineageDerive.payload.parse(job.data);
    return evaluateAlerts(producer, deploymentId, await deriveDeploymentLineage(db, deploymentId));
  };
}

/** telemetry.lineage-derive-sweep: every deployment with unsettled events. */
export function lineageDeriveSweepHandler(db: PrismaClient, producer: Producer) {
  return async () => {
    const deployments = await deploymentsWithPendingLineage(db);
    for (const deploymentId of deployments) {
      await evaluateAlerts(producer, deploymentId, await deriveDeploymentLineage(db, deploymentId));
    }
    return { deployments: deployments.length };
  };
}

/** telemetry.lineage-retention: drops month partitions older than the retention period. */
export function lineageRetentionHandler(
  db: PrismaClient,
  logger: Logger,
  retentionDays = DEFAULT_LINEAGE_RETENTION_DAYS,
) {
  return async () => {
    const dropped = await dropExpiredLineagePartitions(db, { retentionDays });
    if (dropped.length > 0) logger.info({ dropped, retentionDays }, "dropped expired lineage partitions");
    return { dropped };
  };
}

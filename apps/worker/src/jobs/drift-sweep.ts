import type { PrismaClient } from "@skyport/db";
import { type JobProducer, jobs } from "@skyport/queue";
import type { Job } from "bullmq";

const BATCH = 50;

function liveDeployments(db: PrismaClient, take?: number) {
  return db.deployment.findMany({
    where: { status: { not: "DELETED" } },
    select: { id: true, generation: true },
    orderBy: { id: "asc" },
    ...(take === undefined ? {} : { take }),
  });
}

/** Compiles the sweep's query ahead of the first sweep (see worker start). */
export async function warmUpDriftSweep(db: PrismaClient): Promise<void> {
  await liveDeployments(db, 1);
}

/**
 * The drift sweep (provisioning.drift-sweep, every DRIFT_SWEEP_INTERVAL_MS): asks for a reconcile
 * of every deployment not yet DELETED. That repairs manual changes in the cluster (drift checks
 * re-apply with force), retries deployments that failed or never converged, and picks up
 * changes whose reconcile job was never enqueued (Redis was down when they were made). The
 * sweep's timestamp makes each round's job ids new.
 */
export function driftSweepHandler(db: PrismaClient, producer: Pick<JobProducer, "enqueue">) {
  return async (job: Job) => {
    const trigger = `sweep-${job.timestamp}`;
    const live = await liveDeployments(db);
    for (let start = 0; start < live.length; start += BATCH) {
      await Promise.all(
        live.slice(start, start + BATCH).map((deployment) =>
          producer.enqueue(jobs.deploymentReconcile, {
            deploymentId: deployment.id,
            generation: deployment.generation,
            reason: "drift",
            trigger,
          }),
        ),
      );
    }
    return { enqueued: live.length };
  };
}

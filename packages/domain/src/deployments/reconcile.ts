import { type JobProducer, jobs } from "@skyport/queue";

/** What deployment changes need besides the database: the queue the provisioner reads. */
export interface DeploymentQueue {
  jobs: Pick<JobProducer, "enqueue">;
}

export type ReconcileReason = "create" | "update" | "delete";

/**
 * Asks the worker to converge a deployment to `generation`. Called after the change has
 * committed, never inside its transaction: a slow or unavailable Redis must not hold locks
 * or undo a recorded change. When enqueueing fails, the desired state is still in the
 * database, and the worker's periodic drift sweep reconciles every deployment whose observed
 * generation lags behind; the change is only later, not lost.
 */
export async function requestReconcile(
  queue: DeploymentQueue,
  payload: { deploymentId: string; generation: number; reason: ReconcileReason },
): Promise<boolean> {
  try {
    await queue.jobs.enqueue(jobs.deploymentReconcile, payload);
    return true;
  } catch {
    return false;
  }
}

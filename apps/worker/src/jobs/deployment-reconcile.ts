import type { DeploymentReconciler } from "@skyport/domain/provisioning";
import { jobs } from "@skyport/queue";
import { DelayedError, type Job } from "bullmq";

/** How long a job waits when another reconcile of the same deployment is running. */
const BUSY_DELAY_MS = 2_000;

/**
 * Reconciles one deployment (provisioning.deployment-reconcile). The payload's generation is
 * informational: the reconciler reads the deployment as it is now. While another reconcile of the
 * same deployment runs, a drift check is dropped (the running one is level-triggered and covers
 * it) and anything else waits its turn without spending an attempt.
 */
export function deploymentReconcileHandler(reconciler: DeploymentReconciler) {
  return async (job: Job) => {
    const payload = jobs.deploymentReconcile.payload.parse(job.data);
    const attempts = job.opts.attempts ?? 1;
    const result = await reconciler.reconcile(payload.deploymentId, {
      reason: payload.reason,
      requestedGeneration: payload.generation,
      finalAttempt: job.attemptsMade + 1 >= attempts,
    });
    if (result.outcome === "busy" && payload.reason !== "drift") {
      await job.moveToDelayed(Date.now() + BUSY_DELAY_MS + Math.floor(Math.random() * 1_000), job.token);
      throw new DelayedError();
    }
    return result;
  };
}

// Environment changes reach running deployments through the reconciler, which renders the
// effective environment into the namespace's Secret and rolls the pods. An environment change is
// not a new spec generation, so each request carries its own trigger (BullMQ keeps finished job
// ids, and a job id made of the generation alone would be dropped as a repeat). The reconciler is
// level-triggered: it reads the environment as it is when it runs.
import { randomUUID } from "node:crypto";
import { jobs } from "@skyport/queue";
import type { DeploymentQueue } from "../deployments/reconcile.ts";
import type { AffectedDeployment } from "./links.ts";
import type { EnvironmentChange } from "./services.ts";

/**
 * Asks the worker to reconcile each deployment. Called after the change committed, never inside
 * its transaction. Returns false if any request could not be queued; the change still stands and
 * the worker's periodic drift sweep, which re-renders every deployment, delivers it later.
 */
export async function requestEnvironmentReconcile(
  queue: DeploymentQueue,
  deployments: readonly AffectedDeployment[],
): Promise<boolean> {
  const trigger = `env-${randomUUID()}`;
  const results = await Promise.all(
    deployments.map((deployment) =>
      queue.jobs
        .enqueue(jobs.deploymentReconcile, {
          deploymentId: deployment.id,
          generation: deployment.generation,
          reason: "update",
          trigger,
        })
        .then(
          () => true,
          () => false,
        ),
    ),
  );
  return results.every(Boolean);
}

/** Requests the reconciles a committed change needs and says what it affected. */
export async function reconcileAfterCommit(
  queue: DeploymentQueue,
  affected: readonly AffectedDeployment[],
): Promise<EnvironmentChange> {
  return {
    affectedDeploymentIds: affected.map((deployment) => deployment.id),
    reconcileQueued: await requestEnvironmentReconcile(queue, affected),
  };
}

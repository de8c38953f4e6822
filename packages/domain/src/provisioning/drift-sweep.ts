// The drift sweep: asks for a reconcile of every deployment not yet DELETED. That repairs manual
// changes in the cluster (drift checks re-apply with force), retries deployments that failed or
// never converged, and picks up changes whose reconcile job was never enqueued (Redis was down
// when they were made). The trigger (the sweep's timestamp) makes each round's job ids new.
import { type JobProducer, jobs } from "@skyport/queue";
import type { ProvisioningRepository } from "./repository.ts";

const BATCH = 50;

export async function sweepForDrift(
  repository: Pick<ProvisioningRepository, "liveDeployments">,
  producer: Pick<JobProducer, "enqueue">,
  trigger: string,
): Promise<{ enqueued: number }> {
  const live = await repository.liveDeployments();
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
}

import { driftSweepTick, type ProvisioningRepository, sweepForDrift } from "@skyport/domain/provisioning";
import type { JobProducer } from "@skyport/queue";
import type { Job } from "bullmq";

/** Compiles the sweep's query ahead of the first sweep (see worker start). */
export async function warmUpDriftSweep(repository: Pick<ProvisioningRepository, "liveDeployments">) {
  await repository.liveDeployments(1);
}

/** provisioning.drift-sweep, every DRIFT_SWEEP_INTERVAL_MS (`intervalMs`): see sweepForDrift. */
export function driftSweepHandler(
  repository: Pick<ProvisioningRepository, "liveDeployments">,
  producer: Pick<JobProducer, "enqueue">,
  intervalMs: number,
) {
  return (job: Job) => sweepForDrift(repository, producer, driftSweepTick(job.timestamp, intervalMs));
}

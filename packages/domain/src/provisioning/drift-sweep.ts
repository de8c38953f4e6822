// The drift sweep: asks for reconciles that repair manual changes in the cluster (a drift check
// reads every object and re-applies only what was edited), retry deployments that failed or never
// converged, and pick up changes whose reconcile job was never enqueued (Redis was down when they
// were made). The trigger (the sweep's timestamp) makes each round's job ids new.
//
// Spread, so the sweep's cost grows with the deployments that need attention, not with all of them:
//   - a deployment that is not settled (any status but HEALTHY, or a generation not yet observed)
//     is reconciled at every tick;
//   - a settled, HEALTHY one only at one tick in HEALTHY_ROUND_TICKS: its slice (a hash of its id)
//     comes round once per round (an hour at the default 5-minute tick);
//   - the tick's jobs are spread evenly over the tick (BullMQ delays) instead of arriving at once.
// At 100,000 healthy deployments and the default tick that is ~28 reconciles/s, not 333.
import { type JobProducer, jobs } from "@skyport/queue";
import type { LiveDeployment, ProvisioningRepository } from "./repository.ts";

const BATCH = 50;
/** How many ticks it takes to check every settled, healthy deployment once. */
export const HEALTHY_ROUND_TICKS = 12;

export interface DriftSweepTick {
  /** The trigger of this tick's jobs (their ids must be new each tick). */
  readonly trigger: string;
  /** Which slice of the settled deployments this tick checks: 0 … slices-1. */
  readonly slice: number;
  /** How many slices (ticks per round). 1: every deployment at every tick. */
  readonly slices: number;
  /** Over how long to spread this tick's jobs (normally the tick interval). */
  readonly spreadMs: number;
}

/** The tick a sweep job scheduled at `timestamp` (every `intervalMs`) is. */
export function driftSweepTick(timestamp: number, intervalMs: number): DriftSweepTick {
  const tick = Math.floor(timestamp / intervalMs);
  return {
    trigger: `sweep-${timestamp}`,
    slice: tick % HEALTHY_ROUND_TICKS,
    slices: HEALTHY_ROUND_TICKS,
    spreadMs: intervalMs,
  };
}

/** A deployment id's slice: FNV-1a, stable across processes and releases. */
export function sliceOf(id: string, slices: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % slices;
}

function settled(deployment: LiveDeployment): boolean {
  return deployment.status === "HEALTHY" && deployment.observedGeneration >= deployment.generation;
}

export async function sweepForDrift(
  repository: Pick<ProvisioningRepository, "liveDeployments">,
  producer: Pick<JobProducer, "enqueue">,
  tick: DriftSweepTick,
): Promise<{ enqueued: number; live: number }> {
  const live = await repository.liveDeployments();
  const due = live.filter(
    (deployment) => !settled(deployment) || sliceOf(deployment.id, tick.slices) === tick.slice,
  );
  for (let start = 0; start < due.length; start += BATCH) {
    await Promise.all(
      due.slice(start, start + BATCH).map((deployment, offset) =>
        producer.enqueue(
          jobs.deploymentReconcile,
          {
            deploymentId: deployment.id,
            generation: deployment.generation,
            reason: "drift",
            trigger: tick.trigger,
          },
          { delayMs: Math.floor(((start + offset) * tick.spreadMs) / due.length) },
        ),
      ),
    );
  }
  return { enqueued: due.length, live: live.length };
}

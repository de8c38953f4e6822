// Waiting for a runtime's workloads (Deployments and the migration Job) to become ready, with the
// status reason kept current, and the words for it.
import type { DeploymentReadiness, KubernetesApplier, WorkloadReadiness } from "@skyport/provisioning";

export interface ReadinessWait {
  readonly timeoutMs: number;
  /** First poll interval; it grows ×1.5 per poll up to `maxPollMs`. */
  readonly pollMs: number;
  readonly maxPollMs: number;
  /** Called when the reason changes; may throw to stop waiting (the run was superseded). */
  readonly onProgress: (reason: string) => Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function duration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? "" : "s"}`;
  const seconds = Math.round(ms / 100) / 10;
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, 6);
  return names.length > shown.length
    ? `${shown.join(", ")} and ${names.length - shown.length} more`
    : shown.join(", ");
}

function failures(workloads: readonly WorkloadReadiness[]): string {
  const failed = workloads.filter((w) => w.state === "failed");
  return failed.length === 0
    ? ""
    : `; ${failed.map((w) => `${w.name}: ${w.message ?? "failed"}`).join("; ")}`;
}

/** "Waiting for scheduler, api-server to become ready (2/4)". */
export function waitingReason(readiness: DeploymentReadiness): string {
  const { workloads } = readiness;
  if (workloads.length === 0) return "Waiting for the workloads to appear";
  const notReady = workloads.filter((w) => w.state !== "ready");
  const ready = workloads.length - notReady.length;
  return `Waiting for ${list(notReady.map((w) => w.name))} to become ready (${ready}/${workloads.length})${failures(workloads)}`;
}

/** "Not ready after 10 minutes: scheduler (0/1), api-server (0/1)". */
export function notReadyReason(readiness: DeploymentReadiness, afterMs?: number): string {
  const notReady = readiness.workloads.filter((w) => w.state !== "ready");
  const when = afterMs === undefined ? "Not ready" : `Not ready after ${duration(afterMs)}`;
  if (readiness.workloads.length === 0) return `${when}: no workloads found`;
  return `${when}: ${list(notReady.map((w) => `${w.name} (${w.ready}/${w.desired})`))}${failures(readiness.workloads)}`;
}

export function readyReason(readiness: DeploymentReadiness): string {
  return `All ${readiness.workloads.length} workloads ready`;
}

export async function waitForReadiness(
  applier: KubernetesApplier,
  namespace: string,
  wait: ReadinessWait,
): Promise<{ ready: boolean; readiness: DeploymentReadiness }> {
  const deadline = Date.now() + wait.timeoutMs;
  let interval = wait.pollMs;
  for (;;) {
    const readiness = await applier.readiness(namespace);
    if (readiness.ready) return { ready: true, readiness };
    if (Date.now() >= deadline) return { ready: false, readiness };
    await wait.onProgress(waitingReason(readiness));
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())));
    interval = Math.min(interval * 1.5, wait.maxPollMs);
  }
}

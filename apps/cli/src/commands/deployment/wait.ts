// `--wait`: follows a deployment until the worker has acted on the change, showing its status
// and reason on a spinner (or, without a terminal, a line per change on stderr).
import type { ApiClient } from "../../api/client.ts";
import type { DeploymentStatus } from "../../api/types.ts";
import { isNotFound, type Session } from "../../session.ts";
import { type DeploymentRecord as Deployment, getDeployment } from "./resolve.ts";

/** What the wait is for: a generation running, or the deployment gone. */
export type WaitGoal = { kind: "running"; generation: number } | { kind: "deleted" };

export type WaitOutcome =
  | { ok: true; deployment: Deployment | null }
  | { ok: false; deployment: Deployment; reason: string };

/** States the worker leaves a deployment in when it gave up on a change. */
const FAILED_STATES: ReadonlySet<DeploymentStatus> = new Set(["FAILED", "UNHEALTHY"]);

function describe(deployment: Deployment): string {
  return `${deployment.name}: ${deployment.status}${deployment.statusReason ? ` — ${deployment.statusReason}` : ""}`;
}

function outcomeOf(deployment: Deployment, goal: WaitGoal): WaitOutcome | undefined {
  if (goal.kind === "deleted") return undefined;
  if (deployment.status === "DELETING" || deployment.status === "DELETED") {
    return { ok: false, deployment, reason: "it is being deleted" };
  }
  // FAILED is set only for the change at hand (a change resets the status); UNHEALTHY counts
  // once the worker has reconciled this generation.
  if (deployment.status === "FAILED") return { ok: false, deployment, reason: deployment.statusReason };
  if (deployment.observedGeneration < goal.generation) return undefined;
  if (deployment.status === "HEALTHY") return { ok: true, deployment };
  if (FAILED_STATES.has(deployment.status)) return { ok: false, deployment, reason: deployment.statusReason };
  return undefined;
}

export async function waitForDeployment(
  session: Session,
  client: ApiClient,
  start: Deployment,
  goal: WaitGoal,
  timeoutMs: number,
): Promise<WaitOutcome> {
  const { context } = session;
  const deadline = context.now() + timeoutMs;
  const spinner = context.spinner(describe(start));
  let last = spinner ? describe(start) : "";
  let current = start;

  const show = (deployment: Deployment) => {
    const line = describe(deployment);
    if (line === last) return;
    last = line;
    if (spinner) spinner.update(line);
    else context.io.err(`${line}\n`);
  };

  for (;;) {
    let seen: Deployment | null;
    try {
      seen = await getDeployment(client, start.organizationId, start.id);
    } catch (error) {
      // Once the worker has finished deleting, the deployment answers NOT_FOUND.
      if (goal.kind === "deleted" && isNotFound(error)) seen = null;
      else {
        spinner?.fail(describe(current));
        throw error;
      }
    }
    if (seen === null) {
      const done = `${start.name}: deleted`;
      if (spinner) spinner.succeed(done);
      else context.io.err(`${done}\n`);
      return { ok: true, deployment: null };
    }
    current = seen;
    show(seen);
    const outcome = outcomeOf(seen, goal);
    if (outcome) {
      if (spinner && outcome.ok) spinner.succeed(describe(seen));
      else if (spinner) spinner.fail(describe(seen));
      return outcome;
    }
    if (context.now() >= deadline) {
      spinner?.fail(describe(seen));
      return {
        ok: false,
        deployment: seen,
        reason: `timed out after ${formatDuration(timeoutMs)}, still ${seen.status}${seen.statusReason ? ` (${seen.statusReason})` : ""}`,
      };
    }
    await context.sleep(Math.min(context.pollIntervalMs, Math.max(0, deadline - context.now())));
  }
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

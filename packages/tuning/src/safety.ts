// The safety check every recommendation carries: the changed spec passes the spec validator
// (which also refuses isolation-breaking keys and keys the runtime line does not read), no
// changed setting is a refused key, each touched worker queue stays within its worker size's
// memory per concurrency, and the deployment's peak compute stays within its quota.
import {
  type DeploymentSpec,
  dagProcessorSize,
  MAX_WORKERS_PER_QUEUE,
  refusalReason,
  SCHEDULER_SIZES,
  type Size,
  WORKER_SIZES,
} from "@skyport/deployment-spec";
import { applyChanges, type SpecChange } from "./changes.ts";

export interface ComputeLimits {
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

/** What the organization's plan lets a deployment run (billing/limits.ts PlanLimits). */
export interface PlanBounds {
  /** null: no plan cap (MAX_WORKERS_PER_QUEUE still applies). */
  readonly maxWorkersPerQueue: number | null;
  readonly schedulerSizes: readonly Size[];
  readonly highAvailability: boolean;
}

export interface SafetyItem {
  readonly check: "spec-valid" | "refused-keys" | "worker-memory" | "quota" | "max-workers" | "plan";
  readonly ok: boolean;
  readonly detail: string;
}

export interface SafetyCheck {
  readonly ok: boolean;
  readonly items: readonly SafetyItem[];
}

/**
 * The most tasks one worker of a size should run at once: Composer 2's default
 * worker_concurrency, min(32, 12 × CPUs, 8 × memory GiB) (INSIGHTS.md §5.1). S: 12, M: 24, L: 32.
 */
export function maxConcurrencyFor(size: Size): number {
  const compute = WORKER_SIZES[size];
  return Math.min(32, 12 * (compute.cpuMillis / 1000), 8 * (compute.memoryMiB / 1024));
}

/** The compute the sized components take at their largest: every queue at max workers,
 * the schedulers and the DAG processor. */
export function peakCompute(spec: DeploymentSpec): ComputeLimits {
  const schedulers = spec.highAvailability ? 2 : 1;
  const scheduler = SCHEDULER_SIZES[spec.schedulerSize];
  const processor = dagProcessorSize(spec.schedulerSize);
  let cpuMillis = schedulers * scheduler.cpuMillis + processor.cpuMillis;
  let memoryMiB = schedulers * scheduler.memoryMiB + processor.memoryMiB;
  for (const queue of spec.workerQueues) {
    cpuMillis += queue.maxWorkers * WORKER_SIZES[queue.workerSize].cpuMillis;
    memoryMiB += queue.maxWorkers * WORKER_SIZES[queue.workerSize].memoryMiB;
  }
  return { cpuMillis, memoryMiB };
}

function touchedQueues(changes: readonly SpecChange[]): Set<string> {
  const names = new Set<string>();
  for (const change of changes) {
    if (change.kind === "queue" || change.kind === "queueSize") names.add(change.queue);
    if (change.kind === "addQueue") names.add(change.queue.name);
  }
  return names;
}

/** What the changed spec asks for beyond the plan, in the customer's words (empty: within it). */
export function planExcess(spec: DeploymentSpec, plan: PlanBounds): string[] {
  const excess: string[] = [];
  const max = plan.maxWorkersPerQueue;
  for (const queue of spec.workerQueues) {
    if (max !== null && queue.maxWorkers > max)
      excess.push(
        `worker queue ${queue.name}: ${queue.maxWorkers} workers exceed the plan's ${max} per queue`,
      );
  }
  if (!plan.schedulerSizes.includes(spec.schedulerSize))
    excess.push(`scheduler size ${spec.schedulerSize} is not in the plan`);
  if (spec.highAvailability && !plan.highAvailability) excess.push("high availability is not in the plan");
  return excess;
}

export function safetyCheck(
  before: DeploymentSpec,
  changes: readonly SpecChange[],
  limits?: ComputeLimits,
  plan?: PlanBounds,
): SafetyCheck {
  const items: SafetyItem[] = [];
  const refused = changes.flatMap((change) => {
    if (change.kind !== "setting") return [];
    const reason = refusalReason(change.section, change.key);
    return reason ? [`${change.section}.${change.key} ${reason}`] : [];
  });
  items.push({
    check: "refused-keys",
    ok: refused.length === 0,
    detail: refused.length === 0 ? "no refused Airflow setting is touched" : refused.join("; "),
  });
  const applied = applyChanges(before, changes);
  items.push({
    check: "spec-valid",
    ok: applied.ok,
    detail: applied.ok
      ? "the changed spec passes the deployment spec validator"
      : applied.issues.map((issue) => issue.message).join("; "),
  });
  if (!applied.ok) return { ok: false, items };
  const after = applied.spec;
  const tooMany = after.workerQueues.filter((q) => q.maxWorkers > MAX_WORKERS_PER_QUEUE);
  items.push({
    check: "max-workers",
    ok: tooMany.length === 0,
    detail: `every queue stays at or below ${MAX_WORKERS_PER_QUEUE} workers`,
  });
  const memoryProblems = after.workerQueues
    .filter((queue) => touchedQueues(changes).has(queue.name))
    .filter((queue) => queue.workerConcurrency > maxConcurrencyFor(queue.workerSize))
    .map(
      (queue) =>
        `worker queue ${queue.name}: ${queue.workerConcurrency} concurrent tasks exceed the ${maxConcurrencyFor(queue.workerSize)} a ${queue.workerSize} worker (${WORKER_SIZES[queue.workerSize].memoryMiB} MiB) can hold`,
    );
  items.push({
    check: "worker-memory",
    ok: memoryProblems.length === 0,
    detail:
      memoryProblems.length === 0
        ? "every changed worker queue keeps at least 128 MiB and 1/12 CPU per concurrent task"
        : memoryProblems.join("; "),
  });
  if (limits) {
    const peak = peakCompute(after);
    const fits = peak.cpuMillis <= limits.cpuMillis && peak.memoryMiB <= limits.memoryMiB;
    items.push({
      check: "quota",
      ok: fits,
      detail: `peak ${peak.cpuMillis}m CPU / ${peak.memoryMiB} MiB against the quota of ${limits.cpuMillis}m / ${limits.memoryMiB} MiB`,
    });
  }
  if (plan) {
    const excess = planExcess(after, plan);
    items.push({
      check: "plan",
      ok: excess.length === 0,
      detail:
        excess.length === 0
          ? `the changed spec stays within the plan (${plan.maxWorkersPerQueue ?? "no cap on"} workers per queue)`
          : excess.join("; "),
    });
  }
  return { ok: items.every((item) => item.ok), items };
}

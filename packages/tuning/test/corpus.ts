// The labelled acceptance corpus: each scenario is a deployment spec and a workload with one
// known bottleneck (the rule that must fire), or none (healthy: nothing may fire).
import { type DeploymentSpecInput, deploymentSpec } from "@skyport/deployment-spec";
import type { RuleId } from "../src/rules.ts";
import type { ComputeLimits } from "../src/safety.ts";
import { type WorkloadInput, workload } from "../src/workload.ts";

export interface Scenario {
  readonly name: string;
  readonly expect: RuleId | "healthy";
  readonly spec: DeploymentSpecInput;
  readonly workload: WorkloadInput;
  readonly horizonSeconds: number;
  readonly limits?: ComputeLimits;
}

const HOURS = 3600;

function parallel(prefix: string, count: number, durationSeconds: number, extra: object = {}) {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${i}`,
    durationSeconds,
    jitter: 0.2,
    ...extra,
  }));
}

function chain(count: number, durationSeconds: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: `step${i}`,
    durationSeconds,
    jitter: 0.2,
    upstream: i === 0 ? [] : [`step${i - 1}`],
  }));
}

const base = { name: "corpus", executor: "CELERY" as const };

/** A spec with one default queue of `minWorkers` to `maxWorkers` workers of `workerConcurrency` slots. */
function oneQueue(
  minWorkers: number,
  maxWorkers: number,
  workerConcurrency: number,
  more: Partial<DeploymentSpecInput> = {},
): DeploymentSpecInput {
  return { ...base, workerQueues: [{ name: "default", minWorkers, maxWorkers, workerConcurrency }], ...more };
}

/** Airflow's core.parallelism set to `value`. */
function parallelism(value: number) {
  return [{ section: "core", key: "parallelism", value: String(value) }];
}

/** `count` DAGs `prefix_0`, `prefix_1`, … on one schedule, each started `offsetStep` seconds after the last. */
function staggered(
  prefix: string,
  count: number,
  scheduleSeconds: number,
  offsetStep: number,
  tasks: () => WorkloadInput["dags"][number]["tasks"],
) {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}_${i}`,
    scheduleSeconds,
    offsetSeconds: i * offsetStep,
    tasks: tasks(),
  }));
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: "parallelism far below a ten-worker queue",
    expect: "parallelism-below-worker-capacity",
    spec: oneQueue(1, 10, 8, { airflowConfigOverrides: parallelism(8) }),
    workload: {
      dags: staggered("etl", 3, 600, 60, () => parallel("t", 12, 150)),
    },
    horizonSeconds: 6 * HOURS,
  },
  {
    name: "parallelism below capacity on Airflow 2 with HA schedulers",
    expect: "parallelism-below-worker-capacity",
    spec: oneQueue(1, 8, 8, {
      runtimeVersion: "2.11.0",
      highAvailability: true,
      airflowConfigOverrides: parallelism(6),
    }),
    workload: {
      dags: staggered("report", 2, 900, 120, () => parallel("t", 20, 200)),
    },
    horizonSeconds: 6 * HOURS,
  },
  {
    name: "queue pinned at its two-worker maximum",
    expect: "queue-at-max-workers",
    spec: oneQueue(1, 2, 8, { airflowConfigOverrides: parallelism(128) }),
    workload: {
      dags: staggered("ingest", 3, 600, 100, () => parallel("t", 15, 180)),
    },
    horizonSeconds: 6 * HOURS,
  },
  {
    name: "queue at maximum under a tight quota: more concurrency instead of workers",
    expect: "queue-at-max-workers",
    spec: {
      ...base,
      workerQueues: [
        { name: "default", workerSize: "M", minWorkers: 1, maxWorkers: 3, workerConcurrency: 8 },
      ],
    },
    workload: {
      dags: staggered("sync", 3, 600, 150, () => parallel("t", 14, 400)),
    },
    horizonSeconds: 6 * HOURS,
    // Room for the scheduler, the DAG processor and three M workers, not a fourth.
    limits: { cpuMillis: 8000, memoryMiB: 16_384 },
  },
  {
    name: "a two-slot pool starves warehouse loads",
    expect: "pool-starvation",
    spec: oneQueue(2, 4, 8),
    workload: {
      pools: { warehouse: 2 },
      dags: [
        { id: "loads", scheduleSeconds: 600, tasks: parallel("load", 8, 90, { pool: "warehouse" }) },
        { id: "light", scheduleSeconds: 300, offsetSeconds: 30, tasks: parallel("t", 3, 30) },
      ],
    },
    horizonSeconds: 6 * HOURS,
  },
  {
    name: "max_active_tasks_per_dag 4 holds a wide DAG back",
    expect: "dag-max-active-tasks",
    spec: {
      ...base,
      workerQueues: [{ name: "default", minWorkers: 2, maxWorkers: 6, workerConcurrency: 8 }],
      airflowConfigOverrides: [{ section: "core", key: "max_active_tasks_per_dag", value: "4" }],
    },
    workload: { dags: [{ id: "fanout", scheduleSeconds: 900, tasks: parallel("shard", 30, 90) }] },
    horizonSeconds: 6 * HOURS,
  },
  {
    name: "DAG parsing takes 24 s on a small scheduler",
    expect: "parse-time-high",
    spec: oneQueue(1, 4, 8),
    workload: {
      parseCpuSeconds: 12,
      dags: [{ id: "hourly", scheduleSeconds: 3600, tasks: parallel("t", 4, 60) }],
    },
    horizonSeconds: 2 * HOURS,
  },
  {
    name: "six warm workers for an hourly trickle",
    expect: "idle-capacity",
    spec: oneQueue(6, 10, 8),
    workload: { dags: [{ id: "hourly", scheduleSeconds: 3600, tasks: parallel("t", 3, 120) }] },
    horizonSeconds: 24 * HOURS,
  },
  {
    name: "long exports block short tasks on the default queue",
    expect: "mixed-durations-queue",
    spec: oneQueue(2, 2, 4),
    workload: {
      dags: [
        { id: "short", scheduleSeconds: 300, tasks: parallel("s", 8, 20) },
        { id: "exports", scheduleSeconds: 1800, offsetSeconds: 60, tasks: parallel("export", 6, 1500) },
      ],
    },
    horizonSeconds: 6 * HOURS,
  },
  {
    name: "an overloaded small scheduler misses heartbeats",
    expect: "scheduler-saturated",
    spec: oneQueue(1, 6, 8),
    workload: {
      schedulerCpuDemand: 0.92,
      dags: staggered("chain", 4, 600, 30, () => chain(6, 20)),
    },
    horizonSeconds: 6 * HOURS,
  },
  {
    name: "healthy: a few hourly DAGs on the defaults",
    expect: "healthy",
    spec: { ...base },
    workload: {
      dags: staggered("daily", 3, 3600, 600, () => chain(5, 60)),
    },
    horizonSeconds: 6 * HOURS,
  },
  {
    name: "healthy: a busy deployment with headroom",
    expect: "healthy",
    spec: oneQueue(1, 10, 8, { airflowConfigOverrides: parallelism(96) }),
    workload: {
      dags: staggered("etl", 3, 600, 60, () => parallel("t", 12, 150)),
    },
    horizonSeconds: 6 * HOURS,
  },
  {
    name: "healthy: Airflow 2 with two sized queues",
    expect: "healthy",
    spec: {
      ...base,
      runtimeVersion: "2.10.5",
      schedulerSize: "M",
      workerQueues: [
        { name: "default", minWorkers: 1, maxWorkers: 5, workerConcurrency: 8 },
        { name: "heavy", workerSize: "L", minWorkers: 0, maxWorkers: 3, workerConcurrency: 4 },
      ],
    },
    workload: {
      parseCpuSeconds: 4,
      dags: [
        { id: "api_pull", scheduleSeconds: 900, tasks: parallel("p", 10, 45) },
        {
          id: "model",
          scheduleSeconds: 3600,
          offsetSeconds: 300,
          tasks: parallel("m", 3, 900, { queue: "heavy" }),
        },
      ],
    },
    horizonSeconds: 6 * HOURS,
  },
  {
    name: "healthy: HA deployment with a bursty fan-out",
    expect: "healthy",
    spec: oneQueue(1, 6, 12, { highAvailability: true, schedulerSize: "M" }),
    workload: { dags: [{ id: "fanout", scheduleSeconds: 1800, tasks: parallel("shard", 14, 120) }] },
    horizonSeconds: 6 * HOURS,
  },
];

export function scenarioSpec(scenario: Scenario) {
  return deploymentSpec(scenario.spec);
}

export function scenarioWorkload(scenario: Scenario) {
  return workload(scenario.workload);
}

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

export const SCENARIOS: readonly Scenario[] = [
  {
    name: "parallelism far below a ten-worker queue",
    expect: "parallelism-below-worker-capacity",
    spec: {
      ...base,
      workerQueues: [{ name: "default", minWorkers: 1, maxWorkers: 10, workerConcurrency: 8 }],
      airflowConfigOverrides: [{ section: "core", key: "parallelism", value: "8" }],
    },
    workload: {
      dags: [0, 1, 2].map((i) => ({
        id: `etl_${i}`,
        scheduleSeconds: 600,
        offsetSeconds: i * 60,
        tasks: parallel("t", 12, 150),
      })),
    },
    horizonSeconds: 6 * HOURS,
  },
  {
    name: "parallelism below capacity on Airflow 2 with HA schedulers",
    expect: "parallelism-below-worker-capacity",
    spec: {
      ...base,
      runtimeVersion: "2.11.0",
      highAvailability: true,
      workerQueues: [{ name: "default", minWorkers: 1, maxWorkers: 8, workerConcurrency: 8 }],
      airflowConfigOverrides: [{ section: "core", key: "parallelism", value: "6" }],
    },
    workload: {
      dags: [0, 1].map((i) => ({
        id: `report_${i}`,
        scheduleSeconds: 900,
        offsetSeconds: i * 120,
        tasks: parallel("t", 20, 200),
      })),
    },
    horizonSeconds: 6 * HOURS,
  },
  {
    name: "queue pinned at its two-worker maximum",
    expect: "queue-at-max-workers",
    spec: {
      ...base,
      workerQueues: [{ name: "default", minWorkers: 1, maxWorkers: 2, workerConcurrency: 8 }],
      airflowConfigOverrides: [{ section: "core", key: "parallelism", value: "128" }],
    },
    workload: {
      dags: [0, 1, 2].map((i) => ({
        id: `ingest_${i}`,
        scheduleSeconds: 600,
        offsetSeconds: i * 100,
        tasks: parallel("t", 15, 180),
      })),
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
      dags: [0, 1, 2].map((i) => ({
        id: `sync_${i}`,
        scheduleSeconds: 600,
        offsetSeconds: i * 150,
        tasks: parallel("t", 14, 400),
      })),
    },
    horizonSeconds: 6 * HOURS,
    // Room for the scheduler, the DAG processor and three M workers, not a fourth.
    limits: { cpuMillis: 8000, memoryMiB: 16_384 },
  },
  {
    name: "a two-slot pool starves warehouse loads",
    expect: "pool-starvation",
    spec: {
      ...base,
      workerQueues: [{ name: "default", minWorkers: 2, maxWorkers: 4, workerConcurrency: 8 }],
    },
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
    spec: {
      ...base,
      workerQueues: [{ name: "default", minWorkers: 1, maxWorkers: 4, workerConcurrency: 8 }],
    },
    workload: {
      parseCpuSeconds: 12,
      dags: [{ id: "hourly", scheduleSeconds: 3600, tasks: parallel("t", 4, 60) }],
    },
    horizonSeconds: 2 * HOURS,
  },
  {
    name: "six warm workers for an hourly trickle",
    expect: "idle-capacity",
    spec: {
      ...base,
      workerQueues: [{ name: "default", minWorkers: 6, maxWorkers: 10, workerConcurrency: 8 }],
    },
    workload: { dags: [{ id: "hourly", scheduleSeconds: 3600, tasks: parallel("t", 3, 120) }] },
    horizonSeconds: 24 * HOURS,
  },
  {
    name: "long exports block short tasks on the default queue",
    expect: "mixed-durations-queue",
    spec: {
      ...base,
      workerQueues: [{ name: "default", minWorkers: 2, maxWorkers: 2, workerConcurrency: 4 }],
    },
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
    spec: {
      ...base,
      workerQueues: [{ name: "default", minWorkers: 1, maxWorkers: 6, workerConcurrency: 8 }],
    },
    workload: {
      schedulerCpuDemand: 0.92,
      dags: [0, 1, 2, 3].map((i) => ({
        id: `chain_${i}`,
        scheduleSeconds: 600,
        offsetSeconds: i * 30,
        tasks: chain(6, 20),
      })),
    },
    horizonSeconds: 6 * HOURS,
  },
  {
    name: "healthy: a few hourly DAGs on the defaults",
    expect: "healthy",
    spec: { ...base },
    workload: {
      dags: [0, 1, 2].map((i) => ({
        id: `daily_${i}`,
        scheduleSeconds: 3600,
        offsetSeconds: i * 600,
        tasks: chain(5, 60),
      })),
    },
    horizonSeconds: 6 * HOURS,
  },
  {
    name: "healthy: a busy deployment with headroom",
    expect: "healthy",
    spec: {
      ...base,
      workerQueues: [{ name: "default", minWorkers: 1, maxWorkers: 10, workerConcurrency: 8 }],
      airflowConfigOverrides: [{ section: "core", key: "parallelism", value: "96" }],
    },
    workload: {
      dags: [0, 1, 2].map((i) => ({
        id: `etl_${i}`,
        scheduleSeconds: 600,
        offsetSeconds: i * 60,
        tasks: parallel("t", 12, 150),
      })),
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
    spec: {
      ...base,
      highAvailability: true,
      schedulerSize: "M",
      workerQueues: [{ name: "default", minWorkers: 1, maxWorkers: 6, workerConcurrency: 12 }],
    },
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

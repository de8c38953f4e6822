// What a deployment runs, as the simulator needs it: DAGs with schedules and tasks with
// durations, queues and pools, plus the scheduler-side load (parsing, scheduling CPU).
// The domain builds one from run history; the acceptance corpus writes them by hand.
import { z } from "zod";

export const DEFAULT_POOL = "default_pool";

export const taskDefinition = z.strictObject({
  id: z.string().min(1),
  durationSeconds: z.number().positive(),
  /** Durations vary uniformly by ± this fraction (seeded). */
  jitter: z.number().min(0).max(0.9).default(0),
  queue: z.string().min(1).default("default"),
  pool: z.string().min(1).default(DEFAULT_POOL),
  poolSlots: z.number().int().min(1).default(1),
  /** Task ids of the same DAG that must succeed first. */
  upstream: z.array(z.string()).default([]),
});

export const dagDefinition = z.strictObject({
  id: z.string().min(1),
  /** Seconds between runs (a cron's period). */
  scheduleSeconds: z.number().int().positive(),
  /** The first run is due this long after the simulation starts. */
  offsetSeconds: z.number().int().min(0).default(0),
  /** The DAG's own max_active_tasks / max_active_runs, when it sets them. */
  maxActiveTasks: z.number().int().positive().optional(),
  maxActiveRuns: z.number().int().positive().optional(),
  tasks: z.array(taskDefinition).min(1),
});

export const workloadInput = z.strictObject({
  dags: z.array(dagDefinition).min(1),
  /** Pool name → slots (Airflow's default_pool has 128 unless listed). */
  pools: z.record(z.string(), z.number().int().min(0)).default({}),
  /** CPU-seconds one full pass over the DAG folder costs the DAG processor. */
  parseCpuSeconds: z.number().min(0).default(1),
  /** Cores the scheduling loop keeps busy for this workload (DAG count, task count). */
  schedulerCpuDemand: z.number().min(0).default(0.2),
});

export type WorkloadInput = z.input<typeof workloadInput>;
export type Workload = z.output<typeof workloadInput>;
export type DagDefinition = Workload["dags"][number];
export type TaskDefinition = DagDefinition["tasks"][number];

export function workload(input: WorkloadInput): Workload {
  return workloadInput.parse(input);
}

/** Tasks per hour the workload asks for. */
export function demandedTasksPerHour(load: Workload): number {
  return load.dags.reduce((sum, dag) => sum + (dag.tasks.length * 3600) / dag.scheduleSeconds, 0);
}

/** A change outside the spec that a recommendation asks for (Airflow pools, DAG code). */
export type WorkloadChange =
  | { readonly kind: "poolSlots"; readonly pool: string; readonly from: number; readonly to: number }
  | { readonly kind: "dagMaxActiveTasks"; readonly dagId: string; readonly from: number; readonly to: number }
  | {
      readonly kind: "routeTasks";
      /** "dag_id.task_id" */
      readonly tasks: readonly string[];
      readonly from: string;
      readonly to: string;
    };

export function applyWorkloadChange(load: Workload, change: WorkloadChange): Workload {
  switch (change.kind) {
    case "poolSlots":
      return { ...load, pools: { ...load.pools, [change.pool]: change.to } };
    case "dagMaxActiveTasks":
      return {
        ...load,
        dags: load.dags.map((dag) => (dag.id === change.dagId ? { ...dag, maxActiveTasks: change.to } : dag)),
      };
    case "routeTasks": {
      const moved = new Set(change.tasks);
      return {
        ...load,
        dags: load.dags.map((dag) => ({
          ...dag,
          tasks: dag.tasks.map((task) =>
            moved.has(`${dag.id}.${task.id}`) && task.queue === change.from
              ? { ...task, queue: change.to }
              : task,
          ),
        })),
      };
    }
    default: {
      const exhaustive: never = change;
      throw new Error(`unknown workload change ${JSON.stringify(exhaustive)}`);
    }
  }
}

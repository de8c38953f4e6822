// What the engine looks at: the spec, metric series over a window (Skyport's stored series
// keys, see packages/metrics/src/registry.ts, plus two derived per-DAG series), task history,
// and the workload rebuilt from run history for the simulator.
import type { DeploymentSpec } from "@skyport/deployment-spec";
import type { Series, TaskFact } from "./simulator.ts";
import type { Workload } from "./workload.ts";

export interface Observation {
  readonly spec: DeploymentSpec;
  /** Seconds between samples. */
  readonly stepSeconds: number;
  /**
   * Series by stored key: executor_open_slots, executor_queued_tasks, executor_running_tasks,
   * scheduler_tasks_starving, scheduler_tasks_executable, scheduler_heartbeat (per step),
   * dag_processing_total_parse_time, pool_open_slots / pool_starving_tasks {pool_name},
   * workers / ti_queued / ti_running {queue}, and derived dag_active_tasks / dag_waiting_tasks
   * {dag_id} (queued+running, and ready but not queued, from run history).
   */
  readonly series: readonly Series[];
  readonly tasks: readonly TaskFact[];
  readonly workload: Workload;
}

export function windowSeconds(observation: Observation): number {
  const longest = observation.series.reduce((max, s) => Math.max(max, s.values.length), 0);
  return longest * observation.stepSeconds;
}

/** The sum of every series of `key` whose labels include `labels`, sample by sample. */
export function seriesValues(
  observation: Observation,
  key: string,
  labels: Readonly<Record<string, string>> = {},
): number[] {
  const matching = observation.series.filter(
    (s) => s.key === key && Object.entries(labels).every(([name, value]) => s.labels[name] === value),
  );
  const length = matching.reduce((max, s) => Math.max(max, s.values.length), 0);
  const sum = new Array<number>(length).fill(0);
  for (const series of matching) {
    series.values.forEach((value, i) => {
      sum[i] = (sum[i] as number) + value;
    });
  }
  return sum;
}

/** Distinct values of one label across the series of `key`. */
export function labelValues(observation: Observation, key: string, label: string): string[] {
  const values = new Set<string>();
  for (const series of observation.series) {
    const value = series.labels[label];
    if (series.key === key && value !== undefined) values.add(value);
  }
  return [...values].sort();
}

/** An observation of a simulated deployment: what the corpus and calibration feed the engine. */
export function observeSimulation(
  spec: DeploymentSpec,
  load: Workload,
  result: {
    readonly stepSeconds: number;
    readonly series: readonly Series[];
    readonly tasks: readonly TaskFact[];
  },
): Observation {
  return {
    spec,
    workload: load,
    stepSeconds: result.stepSeconds,
    series: result.series,
    tasks: result.tasks,
  };
}

// The scheduling settings a deployment spec implies: Airflow's defaults unless the spec
// overrides them. Sources: ../shared/INSIGHTS.md §5.1 (Airflow defaults from Astronomer's
// "Scaling Airflow"; KEDA polling/cooldown from the ScaledObject packages/provisioning renders).
import {
  type DeploymentSpec,
  dagProcessorSize,
  findRuntime,
  type RuntimeMajor,
  replacementFor,
} from "@skyport/deployment-spec";

export const AIRFLOW_DEFAULTS = {
  parallelism: 32,
  maxActiveTasksPerDag: 16,
  maxActiveRunsPerDag: 16,
  maxTisPerQuery: 16,
  parsingProcesses: 2,
  minFileProcessIntervalSeconds: 30,
  schedulerHeartbeatSeconds: 5,
  defaultPoolSlots: 128,
} as const;

/** The KEDA ScaledObject Skyport renders for every worker queue (render/celery-workers.ts). */
export const KEDA = { pollingIntervalSeconds: 5, cooldownSeconds: 300 } as const;

export interface SchedulingSettings {
  /** core.parallelism: per scheduler. */
  readonly parallelism: number;
  readonly schedulers: number;
  readonly maxActiveTasksPerDag: number;
  readonly maxActiveRunsPerDag: number;
  readonly maxTisPerQuery: number;
  readonly parsingProcesses: number;
  readonly minFileProcessIntervalSeconds: number;
  readonly schedulerHeartbeatSeconds: number;
  /** CPU cores of one scheduler replica and of the DAG processor. */
  readonly schedulerCpus: number;
  readonly dagProcessorCpus: number;
}

export function runtimeMajor(spec: DeploymentSpec): RuntimeMajor {
  return findRuntime(spec.runtimeVersion)?.major ?? 3;
}

/** The section.key this spec's runtime line reads for an Airflow 2 name ("scheduler.parsing_processes"). */
export function settingKey(spec: DeploymentSpec, airflow2: string): { section: string; key: string } {
  const [section = "", key = ""] = airflow2.split(".");
  return replacementFor(runtimeMajor(spec), section, key) ?? { section, key };
}

export function overrideValue(spec: DeploymentSpec, airflow2: string): string | undefined {
  const { section, key } = settingKey(spec, airflow2);
  return spec.airflowConfigOverrides.find((o) => o.section === section && o.key === key)?.value;
}

function intSetting(spec: DeploymentSpec, airflow2: string, fallback: number): number {
  const value = overrideValue(spec, airflow2);
  return value === undefined ? fallback : Number(value);
}

export function schedulingSettings(spec: DeploymentSpec): SchedulingSettings {
  const maxTis = intSetting(spec, "scheduler.max_tis_per_query", AIRFLOW_DEFAULTS.maxTisPerQuery);
  const parallelism = intSetting(spec, "core.parallelism", AIRFLOW_DEFAULTS.parallelism);
  return {
    parallelism,
    schedulers: spec.highAvailability ? 2 : 1,
    maxActiveTasksPerDag: intSetting(
      spec,
      "core.max_active_tasks_per_dag",
      AIRFLOW_DEFAULTS.maxActiveTasksPerDag,
    ),
    maxActiveRunsPerDag: intSetting(
      spec,
      "core.max_active_runs_per_dag",
      AIRFLOW_DEFAULTS.maxActiveRunsPerDag,
    ),
    maxTisPerQuery: maxTis === 0 ? parallelism : maxTis,
    parsingProcesses: intSetting(spec, "scheduler.parsing_processes", AIRFLOW_DEFAULTS.parsingProcesses),
    minFileProcessIntervalSeconds: intSetting(
      spec,
      "scheduler.min_file_process_interval",
      AIRFLOW_DEFAULTS.minFileProcessIntervalSeconds,
    ),
    schedulerHeartbeatSeconds: intSetting(
      spec,
      "scheduler.scheduler_heartbeat_sec",
      AIRFLOW_DEFAULTS.schedulerHeartbeatSeconds,
    ),
    schedulerCpus: schedulerCpus(spec),
    dagProcessorCpus: dagProcessorSize(spec.schedulerSize).cpuMillis / 1000,
  };
}

function schedulerCpus(spec: DeploymentSpec): number {
  return { S: 1, M: 2, L: 4 }[spec.schedulerSize];
}

/** Task slots all worker queues can offer at their maximum size. */
export function workerCapacity(spec: DeploymentSpec): number {
  return spec.workerQueues.reduce((sum, queue) => sum + queue.maxWorkers * queue.workerConcurrency, 0);
}

/** parallelism × schedulers: what the executor lets run at once across the deployment. */
export function effectiveParallelism(settings: SchedulingSettings): number {
  return settings.parallelism * settings.schedulers;
}

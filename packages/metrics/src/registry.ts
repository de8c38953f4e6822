// The runtime metrics Skyport keeps. Each series has one Prometheus name (what the rendered
// statsd-exporter mapping and Skyport's own StatsD receiver both produce) and the StatsD names
// Airflow 2 and 3 send for it. Labels are Airflow 3's tag names, on both versions.
//
// Sources: Airflow 3.3.2's metric registry (airflow/_shared/observability/metrics/
// metrics_template.yaml: name, legacy_name, name_variables) and ../shared/TELEMETRY.md §4.

export type SeriesKind = "gauge" | "counter" | "timer";

export interface SeriesDefinition {
  /** Skyport's name for the series. */
  key: string;
  kind: SeriesKind;
  /** Gauges: what is counted; timers are always seconds; counters count events. */
  unit: "slots" | "tasks" | "runs" | "errors" | "seconds" | "events" | "workers" | "files";
  /** Label names, Airflow 3's tag names. */
  labels: readonly string[];
  description: string;
  /** The Prometheus metric name after the mapping (timers: a summary in seconds). */
  prometheus: string;
  /** Where the values come from: Airflow's StatsD, or Skyport's view of the runtime's workloads. */
  source: "statsd" | "runtime";
  /** StatsD names (prefix `airflow.`). Airflow 3 sends the tagged name and a legacy name. */
  statsd?: {
    /** The tagged name (tags become labels with `statsd_influxdb_enabled`). */
    airflow3: string;
    /** The name with ids in it, as Airflow 2 (and, duplicated, Airflow 3) sends it. */
    legacy: string;
  };
}

const statsd = (airflow3: string, legacy = airflow3) => ({
  airflow3: `airflow.${airflow3}`,
  legacy: `airflow.${legacy}`,
});

export const SERIES: readonly SeriesDefinition[] = [
  // Executor
  {
    key: "executor_open_slots",
    kind: "gauge",
    unit: "slots",
    labels: ["executor_class_name"],
    description: "Free task slots of the executor",
    prometheus: "airflow_executor_open_slots",
    source: "statsd",
    statsd: statsd("executor.open_slots", "executor.open_slots.<executor_class_name>"),
  },
  {
    key: "executor_queued_tasks",
    kind: "gauge",
    unit: "tasks",
    labels: ["executor_class_name"],
    description: "Tasks queued in the executor",
    prometheus: "airflow_executor_queued_tasks",
    source: "statsd",
    statsd: statsd("executor.queued_tasks", "executor.queued_tasks.<executor_class_name>"),
  },
  {
    key: "executor_running_tasks",
    kind: "gauge",
    unit: "tasks",
    labels: ["executor_class_name"],
    description: "Tasks the executor runs",
    prometheus: "airflow_executor_running_tasks",
    source: "statsd",
    statsd: statsd("executor.running_tasks", "executor.running_tasks.<executor_class_name>"),
  },
  // Pools
  ...(["open_slots", "queued_slots", "running_slots", "starving_tasks"] as const).map(
    (what): SeriesDefinition => ({
      key: `pool_${what}`,
      kind: "gauge",
      unit: what === "starving_tasks" ? "tasks" : "slots",
      labels: ["pool_name"],
      description: {
        open_slots: "Free slots of the pool",
        queued_slots: "Pool slots taken by queued tasks",
        running_slots: "Pool slots taken by running tasks",
        starving_tasks: "Tasks waiting for a slot of the pool",
      }[what],
      prometheus: `airflow_pool_${what}`,
      source: "statsd",
      statsd: statsd(`pool.${what}`, `pool.${what}.<pool_name>`),
    }),
  ),
  // Scheduler
  {
    key: "scheduler_tasks_starving",
    kind: "gauge",
    unit: "tasks",
    labels: [],
    description: "Tasks that cannot be scheduled because no pool slot is free",
    prometheus: "airflow_scheduler_tasks_starving",
    source: "statsd",
    statsd: statsd("scheduler.tasks.starving"),
  },
  {
    key: "scheduler_tasks_executable",
    kind: "gauge",
    unit: "tasks",
    labels: [],
    description: "Tasks ready to run, found by the scheduler's last loop",
    prometheus: "airflow_scheduler_tasks_executable",
    source: "statsd",
    statsd: statsd("scheduler.tasks.executable"),
  },
  {
    key: "scheduler_dagruns_running",
    kind: "gauge",
    unit: "runs",
    labels: [],
    description: "DAG runs in the running state",
    prometheus: "airflow_scheduler_dagruns_running",
    source: "statsd",
    statsd: statsd("scheduler.dagruns.running"),
  },
  {
    key: "scheduler_heartbeat",
    kind: "counter",
    unit: "events",
    labels: [],
    description: "Scheduler heartbeats (a flat line means the scheduler is down)",
    prometheus: "airflow_scheduler_heartbeat",
    source: "statsd",
    statsd: statsd("scheduler_heartbeat"),
  },
  {
    key: "dag_processor_heartbeat",
    kind: "counter",
    unit: "events",
    labels: [],
    description: "DAG processor heartbeats",
    prometheus: "airflow_dag_processor_heartbeat",
    source: "statsd",
    statsd: statsd("dag_processor_heartbeat"),
  },
  // DAG parsing
  {
    key: "dag_processing_total_parse_time",
    kind: "gauge",
    unit: "seconds",
    labels: [],
    description: "Seconds the last pass over all DAG files took",
    prometheus: "airflow_dag_processing_total_parse_time",
    source: "statsd",
    statsd: statsd("dag_processing.total_parse_time"),
  },
  {
    key: "dag_processing_import_errors",
    kind: "gauge",
    unit: "errors",
    labels: [],
    description: "DAG files that failed to import",
    prometheus: "airflow_dag_processing_import_errors",
    source: "statsd",
    statsd: statsd("dag_processing.import_errors"),
  },
  // DAG runs
  {
    key: "dagrun_schedule_delay",
    kind: "timer",
    unit: "seconds",
    labels: ["dag_id"],
    description: "Delay between a run's scheduled date and its actual start",
    prometheus: "airflow_dagrun_schedule_delay",
    source: "statsd",
    statsd: statsd("dagrun.schedule_delay", "dagrun.schedule_delay.<dag_id>"),
  },
  {
    key: "dagrun_duration_success",
    kind: "timer",
    unit: "seconds",
    labels: ["dag_id"],
    description: "Duration of successful DAG runs",
    prometheus: "airflow_dagrun_duration_success",
    source: "statsd",
    statsd: statsd("dagrun.duration.success", "dagrun.duration.success.<dag_id>"),
  },
  {
    key: "dagrun_duration_failed",
    kind: "timer",
    unit: "seconds",
    labels: ["dag_id"],
    description: "Duration of failed DAG runs",
    prometheus: "airflow_dagrun_duration_failed",
    source: "statsd",
    statsd: statsd("dagrun.duration.failed", "dagrun.duration.failed.<dag_id>"),
  },
  // Task instances
  {
    key: "task_queued_duration",
    kind: "timer",
    unit: "seconds",
    labels: ["dag_id", "task_id"],
    description: "Time a task instance spent queued before it started",
    prometheus: "airflow_task_queued_duration",
    source: "statsd",
    statsd: statsd("task.queued_duration", "dag.<dag_id>.<task_id>.queued_duration"),
  },
  {
    key: "task_duration",
    kind: "timer",
    unit: "seconds",
    labels: ["dag_id", "task_id"],
    description: "Run time of task instances",
    prometheus: "airflow_task_duration",
    source: "statsd",
    statsd: statsd("task.duration", "dag.<dag_id>.<task_id>.duration"),
  },
  {
    key: "ti_start",
    kind: "counter",
    unit: "events",
    labels: ["dag_id", "task_id"],
    description: "Task instances started",
    prometheus: "airflow_ti_start",
    source: "statsd",
    statsd: statsd("ti.start", "ti.start.<dag_id>.<task_id>"),
  },
  {
    key: "ti_finish",
    kind: "counter",
    unit: "events",
    labels: ["dag_id", "task_id", "state"],
    description: "Task instances finished, by final state",
    prometheus: "airflow_ti_finish",
    source: "statsd",
    statsd: statsd("ti.finish", "ti.finish.<dag_id>.<task_id>.<state>"),
  },
  ...(["queued", "running"] as const).map(
    (state): SeriesDefinition => ({
      key: `ti_${state}`,
      kind: "gauge",
      unit: "tasks",
      labels: ["queue", "dag_id", "task_id"],
      description: `Task instances ${state}, per queue (queue depth: the sum per queue)`,
      prometheus: `airflow_ti_${state}`,
      source: "statsd",
      statsd: statsd(`ti.${state}`, `ti.${state}.<queue>.<dag_id>.<task_id>`),
    }),
  ),
  // Workers: Airflow sends no worker count; Skyport knows each queue's ready worker replicas.
  {
    key: "workers",
    kind: "gauge",
    unit: "workers",
    labels: ["queue"],
    description: "Ready workers per queue, from the runtime's workloads (not StatsD)",
    prometheus: "skyport_workers",
    source: "runtime",
  },
];

export const SERIES_BY_KEY: ReadonlyMap<string, SeriesDefinition> = new Map(SERIES.map((s) => [s.key, s]));
export const SERIES_BY_PROMETHEUS_NAME: ReadonlyMap<string, SeriesDefinition> = new Map(
  SERIES.map((s) => [s.prometheus, s]),
);

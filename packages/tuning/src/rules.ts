// The recommendation rules, as data: each names its signal, threshold, window and published
// source (../shared/INSIGHTS.md §5; docs/tuning.md lists them), how it detects a bottleneck from
// an observation, and the spec changes it proposes, best first. The engine checks each
// proposal's safety and quantifies it with the simulator.
import {
  type DeploymentSpec,
  MAX_WORKERS_PER_QUEUE,
  SIZES,
  type Size,
  type WorkerQueue,
} from "@skyport/deployment-spec";
import type { SpecChange } from "./changes.ts";
import { labelValues, type Observation, seriesValues, windowSeconds } from "./observation.ts";
import { maxConcurrencyFor } from "./safety.ts";
import {
  effectiveParallelism,
  overrideValue,
  schedulingSettings,
  settingKey,
  workerCapacity,
} from "./settings.ts";
import { percentile, shareOf } from "./stats.ts";
import { DEFAULT_POOL, type WorkloadChange } from "./workload.ts";

export const RULE_IDS = [
  "parallelism-below-worker-capacity",
  "queue-at-max-workers",
  "pool-starvation",
  "dag-max-active-tasks",
  "parse-time-high",
  "idle-capacity",
  "mixed-durations-queue",
  "scheduler-saturated",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type EffectMetric = "queueWaitP90" | "throughputPerHour" | "workerHours" | "totalParseSeconds";

export interface Evidence {
  /** Stored series key and labels (what the console charts). */
  readonly series: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly values: readonly number[];
  /** What each sample is compared with, in words, and the number. */
  readonly condition: string;
  readonly threshold: number;
  /** Share of samples (0–1) meeting the condition, or the statistic the rule reads. */
  readonly observed: number;
  readonly required: number;
  readonly windowSeconds: number;
}

export interface Proposal {
  readonly changes: readonly SpecChange[];
  /** What the customer must also change outside the spec (DAG code, Airflow pools). */
  readonly manual?: string;
  /** That manual change, for the simulator. */
  readonly workloadChange?: WorkloadChange;
  readonly risk: string;
}

export interface Finding {
  /** What the finding is about: a queue, a DAG, a pool, or "deployment". */
  readonly subject: string;
  readonly summary: string;
  readonly evidence: readonly Evidence[];
  readonly proposals: readonly Proposal[];
}

export interface RuleDefinition {
  readonly id: RuleId;
  readonly title: string;
  readonly signal: string;
  readonly threshold: string;
  /** The shortest observation the rule judges. */
  readonly windowSeconds: number;
  readonly metric: EffectMetric;
  readonly source: { readonly title: string; readonly url: string };
  /** Rules whose finding on the same subject this one replaces. */
  readonly supersedes: readonly RuleId[];
  readonly detect: (observation: Observation) => Finding[];
}

const HALF_HOUR = 1800;
/** A persistent condition: it holds in at least this share of the window's samples. */
const PERSISTENT = 0.25;

function windowOf(observation: Observation, values: readonly unknown[]): number {
  return values.length * observation.stepSeconds;
}

function largerSize(size: Size): Size | undefined {
  return SIZES[SIZES.indexOf(size) + 1];
}

function parallelismChange(spec: DeploymentSpec, perScheduler: number): SpecChange {
  const { section, key } = settingKey(spec, "core.parallelism");
  return {
    kind: "setting",
    section,
    key,
    from: overrideValue(spec, "core.parallelism") ?? null,
    to: String(Math.min(1024, perScheduler)),
  };
}

const parallelismBelowCapacity: RuleDefinition = {
  id: "parallelism-below-worker-capacity",
  title: "Parallelism below worker capacity",
  signal: "executor_open_slots and scheduler_tasks_executable",
  threshold:
    "parallelism × schedulers < Σ max workers × concurrency, and no open executor slot while tasks are executable in ≥25% of samples",
  windowSeconds: HALF_HOUR,
  metric: "queueWaitP90",
  source: {
    title: "gcpdiag composer BP/2023_002 (parallelism vs max_workers × worker_concurrency)",
    url: "https://gcpdiag.dev/rules/composer/BP/2023_002/",
  },
  supersedes: [],
  detect(observation) {
    const { spec } = observation;
    const settings = schedulingSettings(spec);
    const effective = effectiveParallelism(settings);
    const capacity = workerCapacity(spec);
    if (spec.executor !== "CELERY" || effective >= capacity) return [];
    const open = seriesValues(observation, "executor_open_slots");
    const executable = seriesValues(observation, "scheduler_tasks_executable");
    const share = shareOf(open, (value, i) => value <= 0 && (executable[i] ?? 0) > 0);
    if (share < PERSISTENT) return [];
    return [
      {
        subject: "deployment",
        summary: `Tasks wait for executor slots: parallelism allows ${effective} tasks at once while the worker queues can run ${capacity}.`,
        evidence: [
          {
            series: "executor_open_slots",
            labels: {},
            values: open,
            condition: "no open executor slot while tasks are executable",
            threshold: 0,
            observed: share,
            required: PERSISTENT,
            windowSeconds: windowOf(observation, open),
          },
          {
            series: "scheduler_tasks_executable",
            labels: {},
            values: executable,
            condition: "tasks ready to queue",
            threshold: 0,
            observed: percentile(executable, 0.9),
            required: 0,
            windowSeconds: windowOf(observation, executable),
          },
        ],
        proposals: [
          {
            changes: [parallelismChange(spec, Math.ceil(capacity / settings.schedulers))],
            risk: "More tasks run at once: more load on the metadata database and on the systems the tasks call.",
          },
        ],
      },
    ];
  },
};

function queueChange(
  queue: WorkerQueue,
  field: "minWorkers" | "maxWorkers" | "workerConcurrency",
  to: number,
): SpecChange {
  return { kind: "queue", queue: queue.name, field, from: queue[field], to };
}

const queueAtMaxWorkers: RuleDefinition = {
  id: "queue-at-max-workers",
  title: "Worker queue at capacity",
  signal: "workers{queue} and ti_queued{queue}",
  threshold: "workers = max workers with tasks queued on the queue in ≥25% of samples over ≥30 min",
  windowSeconds: HALF_HOUR,
  metric: "queueWaitP90",
  source: {
    title:
      'Astro incident "Worker Queue at Capacity"; Astronomer Software AirflowTasksPendingIncreasing (30 min); Composer optimize-environments (queued tasks)',
    url: "https://www.astronomer.io/docs/astro/alerts",
  },
  supersedes: [],
  detect(observation) {
    const { spec } = observation;
    const settings = schedulingSettings(spec);
    return spec.workerQueues.flatMap((queue): Finding[] => {
      const workers = seriesValues(observation, "workers", { queue: queue.name });
      const queued = seriesValues(observation, "ti_queued", { queue: queue.name });
      const running = seriesValues(observation, "ti_running", { queue: queue.name });
      const share = shareOf(workers, (value, i) => value >= queue.maxWorkers && (queued[i] ?? 0) > 0);
      if (share < PERSISTENT) return [];
      const demand = percentile(
        queued.map((value, i) => value + (running[i] ?? 0)),
        0.9,
      );
      const proposals: Proposal[] = [];
      const withParallelism = (changes: SpecChange[], capacityAfter: number): SpecChange[] => {
        const otherCapacity = workerCapacity(spec) - queue.maxWorkers * queue.workerConcurrency;
        const needed = Math.ceil((otherCapacity + capacityAfter) / settings.schedulers);
        return needed > settings.parallelism ? [...changes, parallelismChange(spec, needed)] : changes;
      };
      const workersNeeded = Math.min(
        MAX_WORKERS_PER_QUEUE,
        Math.max(
          queue.maxWorkers + 1,
          Math.ceil(demand / queue.workerConcurrency),
          Math.ceil(queue.maxWorkers * 1.5),
        ),
      );
      if (workersNeeded > queue.maxWorkers) {
        const changes: SpecChange[] = [queueChange(queue, "maxWorkers", workersNeeded)];
        const bigger = largerSize(queue.workerSize);
        if (queue.workerConcurrency > maxConcurrencyFor(queue.workerSize) && bigger) {
          // More workers that are already over-committed would only multiply evictions.
          changes.push({ kind: "queueSize", queue: queue.name, from: queue.workerSize, to: bigger });
        }
        proposals.push({
          changes: withParallelism(changes, workersNeeded * queue.workerConcurrency),
          risk: "More workers at peak: higher worker-hours while the backlog lasts.",
        });
      }
      const bound = maxConcurrencyFor(queue.workerSize);
      if (bound > queue.workerConcurrency) {
        proposals.push({
          changes: withParallelism(
            [queueChange(queue, "workerConcurrency", bound)],
            queue.maxWorkers * bound,
          ),
          risk: "More tasks share each worker's CPU and memory; memory-hungry tasks may be evicted.",
        });
      }
      const bigger = largerSize(queue.workerSize);
      if (bigger && maxConcurrencyFor(bigger) > queue.workerConcurrency) {
        proposals.push({
          changes: withParallelism(
            [
              { kind: "queueSize", queue: queue.name, from: queue.workerSize, to: bigger },
              queueChange(queue, "workerConcurrency", maxConcurrencyFor(bigger)),
            ],
            queue.maxWorkers * maxConcurrencyFor(bigger),
          ),
          risk: "Larger workers cost more per hour, also while idle at minimum workers.",
        });
      }
      return [
        {
          subject: queue.name,
          summary: `Worker queue ${queue.name} runs at its maximum of ${queue.maxWorkers} workers with tasks still queued.`,
          evidence: [
            {
              series: "workers",
              labels: { queue: queue.name },
              values: workers,
              condition: "workers at max workers while tasks are queued",
              threshold: queue.maxWorkers,
              observed: share,
              required: PERSISTENT,
              windowSeconds: windowOf(observation, workers),
            },
            {
              series: "ti_queued",
              labels: { queue: queue.name },
              values: queued,
              condition: "tasks queued on the queue",
              threshold: 0,
              observed: percentile(queued, 0.9),
              required: 0,
              windowSeconds: windowOf(observation, queued),
            },
          ],
          proposals,
        },
      ];
    });
  },
};

const poolStarvation: RuleDefinition = {
  id: "pool-starvation",
  title: "Pool starving tasks",
  signal: "pool_starving_tasks{pool_name} and executor_open_slots",
  threshold: "starving tasks > 0 while executor slots are open in ≥25% of samples",
  windowSeconds: HALF_HOUR,
  metric: "queueWaitP90",
  source: {
    title:
      'Astronomer "Scaling Airflow" (potential scaling issues: pool.starving_tasks); apache/airflow #13542',
    url: "https://www.astronomer.io/docs/learn/airflow-scaling-workers",
  },
  supersedes: [],
  detect(observation) {
    const open = seriesValues(observation, "executor_open_slots");
    return labelValues(observation, "pool_starving_tasks", "pool_name").flatMap((pool): Finding[] => {
      const starving = seriesValues(observation, "pool_starving_tasks", { pool_name: pool });
      const share = shareOf(starving, (value, i) => value > 0 && (open[i] ?? 0) > 0);
      if (share < PERSISTENT) return [];
      const slots = observation.workload.pools[pool] ?? (pool === DEFAULT_POOL ? 128 : 0);
      const target = Math.max(slots + 1, slots + Math.ceil(percentile(starving, 0.9)));
      return [
        {
          subject: pool,
          summary: `Pool ${pool} keeps tasks waiting while executor slots are free.`,
          evidence: [
            {
              series: "pool_starving_tasks",
              labels: { pool_name: pool },
              values: starving,
              condition: "tasks starving for a pool slot while executor slots are open",
              threshold: 0,
              observed: share,
              required: PERSISTENT,
              windowSeconds: windowOf(observation, starving),
            },
          ],
          proposals: [
            {
              // Pools live in Airflow's metadata database, not in the deployment spec.
              changes: [],
              manual: `Raise pool ${pool} from ${slots} to ${target} slots in Airflow (Admin → Pools, or \`airflow pools set ${pool} ${target} ...\`) if what it protects can take the load.`,
              workloadChange: { kind: "poolSlots", pool, from: slots, to: target },
              risk: "The system the pool protects (a database, an API) gets more concurrent requests.",
            },
          ],
        },
      ];
    });
  },
};

const dagMaxActiveTasks: RuleDefinition = {
  id: "dag-max-active-tasks",
  title: "DAG held back by max_active_tasks",
  signal: "dag_active_tasks{dag_id}, dag_waiting_tasks{dag_id} and executor_open_slots",
  threshold:
    "a DAG at its max_active_tasks with ready tasks waiting while executor slots are open in ≥25% of samples",
  windowSeconds: HALF_HOUR,
  metric: "queueWaitP90",
  source: {
    title:
      'Astronomer "Scaling Airflow" (max_active_tasks_per_dag); Composer optimize-environments (DAG concurrency)',
    url: "https://www.astronomer.io/docs/learn/airflow-scaling-workers",
  },
  supersedes: [],
  detect(observation) {
    const { spec, workload } = observation;
    const settings = schedulingSettings(spec);
    const open = seriesValues(observation, "executor_open_slots");
    return labelValues(observation, "dag_active_tasks", "dag_id").flatMap((dagId): Finding[] => {
      const dag = workload.dags.find((d) => d.id === dagId);
      const limit = dag?.maxActiveTasks ?? settings.maxActiveTasksPerDag;
      const active = seriesValues(observation, "dag_active_tasks", { dag_id: dagId });
      const waiting = seriesValues(observation, "dag_waiting_tasks", { dag_id: dagId });
      const share = shareOf(
        active,
        (value, i) => value >= limit && (waiting[i] ?? 0) > 0 && (open[i] ?? 0) > 0,
      );
      if (share < PERSISTENT) return [];
      const wanted = Math.max(...active.map((value, i) => value + (waiting[i] ?? 0)));
      const target = Math.min(1024, effectiveParallelism(settings), Math.max(limit + 1, wanted));
      const proposal: Proposal =
        dag?.maxActiveTasks !== undefined
          ? {
              changes: [],
              manual: `DAG ${dagId} sets max_active_tasks=${limit} in its code; raise it to ${target}.`,
              workloadChange: { kind: "dagMaxActiveTasks", dagId, from: limit, to: target },
              risk: "The DAG's tasks run more at once and may compete with other DAGs for slots.",
            }
          : {
              changes: [
                (() => {
                  const { section, key } = settingKey(spec, "core.max_active_tasks_per_dag");
                  return {
                    kind: "setting" as const,
                    section,
                    key,
                    from: overrideValue(spec, "core.max_active_tasks_per_dag") ?? null,
                    to: String(target),
                  };
                })(),
              ],
              risk: "Every DAG without its own limit may run more tasks at once and crowd out others.",
            };
      return [
        {
          subject: dagId,
          summary: `DAG ${dagId} is held at max_active_tasks ${limit} while executor slots are free.`,
          evidence: [
            {
              series: "dag_active_tasks",
              labels: { dag_id: dagId },
              values: active,
              condition: "DAG at its limit with ready tasks waiting while executor slots are open",
              threshold: limit,
              observed: share,
              required: PERSISTENT,
              windowSeconds: windowOf(observation, active),
            },
            {
              series: "dag_waiting_tasks",
              labels: { dag_id: dagId },
              values: waiting,
              condition: "ready tasks of the DAG not yet queued",
              threshold: 0,
              observed: percentile(waiting, 0.9),
              required: 0,
              windowSeconds: windowOf(observation, waiting),
            },
          ],
          proposals: [proposal],
        },
      ];
    });
  },
};

/** MWAA: parsing_processes ≤ 2 × vCPU − 1 (INSIGHTS.md §5.2), at least 1. */
export function maxParsingProcesses(dagProcessorCpus: number): number {
  return Math.max(1, Math.floor(2 * dagProcessorCpus - 1));
}

const PARSE_SECONDS_THRESHOLD = 10;

const parseTimeHigh: RuleDefinition = {
  id: "parse-time-high",
  title: "DAG parsing too slow",
  signal: "dag_processing_total_parse_time",
  threshold: "median total parse time > 10 s or > min_file_process_interval over ≥30 min",
  windowSeconds: HALF_HOUR,
  metric: "totalParseSeconds",
  source: {
    title: "Composer optimize-environments; gcpdiag composer WARN/2022_003; Astronomer scaling guide",
    url: "https://gcpdiag.dev/rules/composer/WARN/2022_003/",
  },
  supersedes: [],
  detect(observation) {
    const { spec } = observation;
    const settings = schedulingSettings(spec);
    const parse = seriesValues(observation, "dag_processing_total_parse_time");
    if (parse.length === 0) return [];
    const median = percentile(parse, 0.5);
    const limit = Math.min(PARSE_SECONDS_THRESHOLD, settings.minFileProcessIntervalSeconds || Infinity);
    if (median <= limit) return [];
    const proposals: Proposal[] = [];
    const processesChange = (cpus: number): SpecChange[] => {
      const target = maxParsingProcesses(cpus);
      if (target <= settings.parsingProcesses) return [];
      const { section, key } = settingKey(spec, "scheduler.parsing_processes");
      return [
        {
          kind: "setting",
          section,
          key,
          from: overrideValue(spec, "scheduler.parsing_processes") ?? null,
          to: String(target),
        },
      ];
    };
    const bigger = largerSize(spec.schedulerSize);
    if (bigger) {
      const cpus = { S: 0.5, M: 1, L: 2 }[bigger];
      proposals.push({
        changes: [{ kind: "schedulerSize", from: spec.schedulerSize, to: bigger }, ...processesChange(cpus)],
        risk: "A larger scheduler (and DAG processor) costs more per hour.",
      });
    }
    const more = processesChange(settings.dagProcessorCpus);
    if (more.length > 0) {
      proposals.push({
        changes: more,
        risk: "More parsing processes use more of the DAG processor's memory.",
      });
    }
    return [
      {
        subject: "deployment",
        summary: `Parsing all DAG files takes ${median.toFixed(1)} s, above the ${limit} s a parse cycle should take.`,
        evidence: [
          {
            series: "dag_processing_total_parse_time",
            labels: {},
            values: parse,
            condition: "median total parse time",
            threshold: limit,
            observed: median,
            required: limit,
            windowSeconds: windowOf(observation, parse),
          },
        ],
        proposals,
      },
    ];
  },
};

const DAY = 86_400;

const idleCapacity: RuleDefinition = {
  id: "idle-capacity",
  title: "Idle worker capacity",
  signal: "ti_queued{queue} + ti_running{queue} against min workers",
  threshold:
    "min workers exceed the 95th percentile of ceil((queued + running) / concurrency) by ≥2 over ≥24 h",
  windowSeconds: DAY,
  metric: "workerHours",
  source: {
    title:
      "Composer optimize-environments / gcpdiag WARN/2024_001 (consistently low utilisation over 3 days)",
    url: "https://gcpdiag.dev/rules/composer/WARN/2024_001/",
  },
  supersedes: [],
  detect(observation) {
    const { spec } = observation;
    return spec.workerQueues.flatMap((queue): Finding[] => {
      if (queue.minWorkers < 2) return [];
      const queued = seriesValues(observation, "ti_queued", { queue: queue.name });
      const running = seriesValues(observation, "ti_running", { queue: queue.name });
      const needed = queued.map((value, i) =>
        Math.ceil((value + (running[i] ?? 0)) / queue.workerConcurrency),
      );
      const need = Math.ceil(percentile(needed, 0.95));
      if (queue.minWorkers - need < 2) return [];
      const target = Math.max(1, need);
      return [
        {
          subject: queue.name,
          summary: `Worker queue ${queue.name} keeps ${queue.minWorkers} workers up while its tasks need ${need} at the 95th percentile.`,
          evidence: [
            {
              series: "ti_running",
              labels: { queue: queue.name },
              values: running,
              condition: "95th percentile of workers needed, ceil((queued + running) / concurrency)",
              threshold: queue.minWorkers - 2,
              observed: need,
              required: queue.minWorkers - 2,
              windowSeconds: windowOf(observation, running),
            },
          ],
          proposals: [
            {
              changes: [queueChange(queue, "minWorkers", target)],
              risk: "A burst above the new minimum waits for KEDA to start workers (about a minute).",
            },
          ],
        },
      ];
    });
  },
};

function queueName(base: string, suffix: string): string {
  return `${base.slice(0, 40 - suffix.length).replace(/-+$/, "")}${suffix}`;
}

const LONG_FACTOR = 10;

const mixedDurationsQueue: RuleDefinition = {
  id: "mixed-durations-queue",
  title: "Long and short tasks share a queue",
  signal: "task durations and queue waits per queue (run history)",
  threshold:
    "tasks ≥10× the queue's median duration make up 2–50% of its tasks, and short tasks' wait p90 exceeds their median duration and 30 s",
  windowSeconds: HALF_HOUR,
  metric: "queueWaitP90",
  source: {
    title:
      "Astronomer worker queues guide (dedicated queues for long-running tasks); Composer optimize-environments",
    url: "https://www.astronomer.io/docs/astro/configure-worker-queues",
  },
  supersedes: ["queue-at-max-workers"],
  detect(observation) {
    const { spec, tasks } = observation;
    return spec.workerQueues.flatMap((queue): Finding[] => {
      const onQueue = tasks.filter((t) => t.queue === queue.name && t.startedAt !== undefined);
      if (onQueue.length < 20) return [];
      const median = percentile(
        onQueue.map((t) => t.durationSeconds),
        0.5,
      );
      const long = onQueue.filter((t) => t.durationSeconds >= LONG_FACTOR * median);
      const short = onQueue.filter((t) => t.durationSeconds < LONG_FACTOR * median);
      const longShare = long.length / onQueue.length;
      if (longShare < 0.02 || longShare > 0.5) return [];
      const shortWaits = short.map((t) => (t.startedAt as number) - t.readyAt);
      const waitP90 = percentile(shortWaits, 0.9);
      if (waitP90 <= Math.max(30, median)) return [];
      const longIds = new Set(long.map((t) => `${t.dagId}.${t.taskId}`));
      const name = queueName(queue.name, "-long");
      const taskList = [...longIds].sort();
      return [
        {
          subject: queue.name,
          summary: `Short tasks on worker queue ${queue.name} wait ${Math.round(waitP90)} s (p90) behind long tasks; give the long ones their own queue.`,
          evidence: [
            {
              series: "task_queued_duration",
              labels: { queue: queue.name },
              values: shortWaits,
              condition: "short tasks' wait p90 against their median duration (and 30 s)",
              threshold: Math.max(30, median),
              observed: waitP90,
              required: Math.max(30, median),
              windowSeconds: windowSeconds(observation),
            },
          ],
          proposals: [
            {
              changes: [
                {
                  kind: "addQueue",
                  queue: {
                    name,
                    workerSize: queue.workerSize,
                    minWorkers: 0,
                    maxWorkers: queue.maxWorkers,
                    workerConcurrency: queue.workerConcurrency,
                  },
                },
              ],
              manual: `Set queue="${name}" on the long tasks: ${taskList.slice(0, 10).join(", ")}${taskList.length > 10 ? ", …" : ""}.`,
              workloadChange: { kind: "routeTasks", tasks: taskList, from: queue.name, to: name },
              risk: "A new queue adds workers of its own; its minimum of 0 means its first task waits for a worker to start.",
            },
          ],
        },
      ];
    });
  },
};

/** Composer's reference alert: fewer than 80 heartbeats in 10 minutes (of 120 at 5 s). */
const HEARTBEAT_SHARE = 80 / 120;

const schedulerSaturated: RuleDefinition = {
  id: "scheduler-saturated",
  title: "Scheduler saturated",
  signal: "scheduler_heartbeat (heartbeats per sample)",
  threshold: "heartbeats below 2/3 of the expected rate in ≥10% of samples",
  windowSeconds: HALF_HOUR,
  metric: "queueWaitP90",
  source: {
    title:
      "Composer reference alerts (scheduler heartbeats <80 per 10 min); gcpdiag composer WARN/2023_006 and WARN/2023_007 (scheduler CPU)",
    url: "https://cloud.google.com/composer/docs/terraform-cross-project-monitoring",
  },
  supersedes: [],
  detect(observation) {
    const { spec } = observation;
    const settings = schedulingSettings(spec);
    const beats = seriesValues(observation, "scheduler_heartbeat");
    const expected =
      (60 / settings.schedulerHeartbeatSeconds) * settings.schedulers * (observation.stepSeconds / 60);
    const threshold = expected * HEARTBEAT_SHARE;
    const share = shareOf(beats, (value) => value < threshold);
    if (beats.length === 0 || share < 0.1) return [];
    const proposals: Proposal[] = [];
    const bigger = largerSize(spec.schedulerSize);
    if (bigger) {
      proposals.push({
        changes: [{ kind: "schedulerSize", from: spec.schedulerSize, to: bigger }],
        risk: "A larger scheduler costs more per hour.",
      });
    }
    if (!spec.highAvailability) {
      proposals.push({
        changes: [{ kind: "highAvailability", from: false, to: true }],
        risk: "A second scheduler doubles scheduler cost and the executor's parallelism.",
      });
    }
    return [
      {
        subject: "deployment",
        summary: "The scheduler misses heartbeats: its loop is too slow for the DAGs it schedules.",
        evidence: [
          {
            series: "scheduler_heartbeat",
            labels: {},
            values: beats,
            condition: "heartbeats per sample below two thirds of the expected rate",
            threshold,
            observed: share,
            required: 0.1,
            windowSeconds: windowOf(observation, beats),
          },
        ],
        proposals,
      },
    ];
  },
};

export const RULES: readonly RuleDefinition[] = [
  parallelismBelowCapacity,
  queueAtMaxWorkers,
  poolStarvation,
  dagMaxActiveTasks,
  parseTimeHigh,
  idleCapacity,
  mixedDurationsQueue,
  schedulerSaturated,
];

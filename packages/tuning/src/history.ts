// From what Skyport stores about a real deployment (one-minute metric buckets, task tries, DAG
// runs) to an Observation: series aligned to minutes, task facts, and a workload rebuilt for the
// simulator. Stored data lacks two things the simulator has, so they are approximated (and said
// so in docs/tuning.md): when a task became ready (the later of its run's start and the last
// end of a task of the same run that ended before it started), and task dependencies (a task
// depends on those whose typical end precedes its typical start).
import type { DeploymentSpec } from "@skyport/deployment-spec";
import type { Observation } from "./observation.ts";
import { AIRFLOW_DEFAULTS, effectiveParallelism, schedulingSettings, workerCapacity } from "./settings.ts";
import type { Series, TaskFact } from "./simulator.ts";
import { percentile } from "./stats.ts";
import { DEFAULT_POOL, type Workload, workload } from "./workload.ts";

export interface StoredSeries {
  readonly key: string;
  readonly kind: "gauge" | "counter" | "timer";
  readonly labels: Readonly<Record<string, string>>;
  readonly buckets: readonly {
    readonly at: Date;
    readonly last: number;
    readonly sum: number;
    readonly count: number;
  }[];
}

export interface StoredTaskTry {
  readonly dagRunId: string;
  readonly dagId: string;
  readonly taskId: string;
  readonly queue: string | null;
  readonly pool: string | null;
  readonly startedAt: Date | null;
  readonly endedAt: Date | null;
}

export interface StoredDagRun {
  readonly runId: string;
  readonly dagId: string;
  readonly startedAt: Date | null;
  readonly logicalDate: Date | null;
}

export interface History {
  readonly spec: DeploymentSpec;
  readonly from: Date;
  readonly to: Date;
  readonly series: readonly StoredSeries[];
  readonly tries: readonly StoredTaskTry[];
  readonly runs: readonly StoredDagRun[];
}

const STEP = 60;

function seconds(from: Date, at: Date): number {
  return (at.getTime() - from.getTime()) / 1000;
}

function aligned(history: History, stored: StoredSeries): number[] {
  const length = Math.max(1, Math.round(seconds(history.from, history.to) / STEP));
  const values = new Array<number | undefined>(length).fill(undefined);
  for (const bucket of stored.buckets) {
    const index = Math.floor(seconds(history.from, bucket.at) / STEP);
    if (index < 0 || index >= length) continue;
    values[index] = stored.kind === "gauge" ? bucket.last : bucket.sum;
  }
  // A gauge holds its value until the next sample; a counter with no bucket counted nothing.
  let previous = 0;
  return values.map((value) => {
    if (value === undefined) return stored.kind === "gauge" ? previous : 0;
    previous = value;
    return value;
  });
}

function readyAt(
  tryRow: StoredTaskTry,
  runStart: Map<string, Date>,
  sameRun: readonly StoredTaskTry[],
): Date | null {
  if (!tryRow.startedAt) return null;
  const start = tryRow.startedAt.getTime();
  let ready = runStart.get(tryRow.dagRunId)?.getTime() ?? start;
  for (const other of sameRun) {
    const end = other.endedAt?.getTime();
    if (end !== undefined && end <= start && end > ready) ready = end;
  }
  return new Date(Math.min(ready, start));
}

export function taskFacts(history: History): TaskFact[] {
  const runStart = new Map<string, Date>();
  for (const run of history.runs) if (run.startedAt) runStart.set(run.runId, run.startedAt);
  const byRun = new Map<string, StoredTaskTry[]>();
  for (const row of history.tries) byRun.set(row.dagRunId, [...(byRun.get(row.dagRunId) ?? []), row]);
  return history.tries.flatMap((row): TaskFact[] => {
    if (!row.startedAt) return [];
    const ready = readyAt(row, runStart, byRun.get(row.dagRunId) ?? []) ?? row.startedAt;
    const end = row.endedAt ?? history.to;
    return [
      {
        dagId: row.dagId,
        taskId: row.taskId,
        queue: row.queue ?? "default",
        pool: row.pool ?? DEFAULT_POOL,
        readyAt: seconds(history.from, ready),
        startedAt: seconds(history.from, row.startedAt),
        ...(row.endedAt ? { endedAt: seconds(history.from, row.endedAt) } : {}),
        durationSeconds: Math.max(1, (end.getTime() - row.startedAt.getTime()) / 1000),
      },
    ];
  });
}

/**
 * Whether a try started as a slot freed: just before its start as many tries of the deployment
 * were running as it lets run at once (parallelism × schedulers, or its workers' capacity if
 * smaller). Such a start says when a slot came free, not which tasks had to finish first.
 * Counted from the sorted start and end times (tries started before, less those ended before).
 */
function slotBoundStarts(history: History, limit: number): (start: number) => boolean {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const row of history.tries) {
    if (!row.startedAt) continue;
    starts.push(row.startedAt.getTime());
    if (row.endedAt) ends.push(row.endedAt.getTime());
  }
  starts.sort((a, b) => a - b);
  ends.sort((a, b) => a - b);
  const below = (sorted: readonly number[], value: number) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((sorted[middle] as number) < value) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return (start) => below(starts, start) - below(ends, start - SLOT_HANDOFF_MS) >= limit;
}

/**
 * How long after a try ended its slot may still be held: its events report the task's own run,
 * but the executor frees the slot only after the result is reported, and the next task then
 * waits for Celery's hand-off and its process to start (3.6–6 s measured against real Airflow,
 * docs/tuning.md), so a start that soon after other tries ended may have waited for their slots.
 */
const SLOT_HANDOFF_MS = 10_000;

/**
 * The workload the stored history shows: per DAG its period, per task its typical duration and
 * its upstream tasks, inferred from timing (a task that starts once another ended follows it).
 * A task whose tries mostly started as a slot came free is given no upstream: with every slot
 * taken, sixteen independent tasks run two by two and look like a chain, and the simulator then
 * sees nothing to gain from more slots (found against real Airflow: parallelism 2, a fan-out).
 */
export function workloadFromHistory(
  history: History,
  facts: readonly TaskFact[],
  series: readonly Series[],
): Workload {
  const settings = schedulingSettings(history.spec);
  const slotLimit = Math.max(
    1,
    Math.min(effectiveParallelism(settings), workerCapacity(history.spec) || Number.POSITIVE_INFINITY),
  );
  const slotBound = slotBoundStarts(history, slotLimit);
  const dagIds = [...new Set(history.runs.map((run) => run.dagId))].sort();
  const dags = dagIds.flatMap((dagId) => {
    const starts = history.runs
      .filter((run) => run.dagId === dagId)
      .map((run) => (run.logicalDate ?? run.startedAt)?.getTime())
      .filter((time): time is number => time !== undefined)
      .sort((a, b) => a - b);
    const gaps = starts.slice(1).map((time, i) => (time - (starts[i] as number)) / 1000);
    const period = Math.max(60, Math.round(gaps.length > 0 ? percentile(gaps, 0.5) : 86_400));
    const first = starts[0] === undefined ? 0 : Math.max(0, seconds(history.from, new Date(starts[0])));
    const mine = facts.filter((fact) => fact.dagId === dagId);
    const taskIds = [...new Set(mine.map((fact) => fact.taskId))].sort();
    const runStart = new Map<string, number>();
    for (const run of history.runs) if (run.startedAt) runStart.set(run.runId, run.startedAt.getTime());
    /** A task's tries of this DAG that started. */
    const triesOf = (taskId: string) =>
      history.tries.filter((row) => row.dagId === dagId && row.taskId === taskId && row.startedAt);
    const offsets = (taskId: string, pick: "start" | "end") =>
      percentile(
        triesOf(taskId).map((row) => {
          const base = runStart.get(row.dagRunId) ?? (row.startedAt as Date).getTime();
          const at = pick === "start" ? row.startedAt : (row.endedAt ?? row.startedAt);
          return ((at as Date).getTime() - base) / 1000;
        }),
        0.5,
      );
    const tasks = taskIds.map((taskId) => {
      const own = mine.filter((fact) => fact.taskId === taskId);
      const start = offsets(taskId, "start");
      const tries = triesOf(taskId);
      const waitedForSlots =
        tries.filter((row) => slotBound((row.startedAt as Date).getTime())).length * 2 > tries.length;
      return {
        id: taskId,
        durationSeconds: Math.max(
          1,
          percentile(
            own.map((fact) => fact.durationSeconds),
            0.5,
          ),
        ),
        queue: own[0]?.queue ?? "default",
        pool: own[0]?.pool ?? DEFAULT_POOL,
        upstream: waitedForSlots
          ? []
          : taskIds.filter((other) => other !== taskId && offsets(other, "end") <= start + 1 && start > 1),
      };
    });
    if (tasks.length === 0) return [];
    return [{ id: dagId, scheduleSeconds: period, offsetSeconds: Math.round(first % period), tasks }];
  });
  const pools: Record<string, number> = {};
  const poolNames = new Set(
    series.filter((s) => s.key === "pool_open_slots").map((s) => s.labels.pool_name ?? ""),
  );
  for (const pool of poolNames) {
    const open = series.find((s) => s.key === "pool_open_slots" && s.labels.pool_name === pool)?.values ?? [];
    const running =
      series.find((s) => s.key === "pool_running_slots" && s.labels.pool_name === pool)?.values ?? [];
    const queued =
      series.find((s) => s.key === "pool_queued_slots" && s.labels.pool_name === pool)?.values ?? [];
    const total = open.map((value, i) => value + (running[i] ?? 0) + (queued[i] ?? 0));
    if (pool && total.length > 0) pools[pool] = Math.max(...total);
  }
  const parse = series.find((s) => s.key === "dag_processing_total_parse_time")?.values ?? [];
  const parseCpuSeconds =
    parse.length > 0
      ? percentile(parse, 0.5) * Math.min(settings.parsingProcesses, settings.dagProcessorCpus)
      : 1;
  const beats = series.find((s) => s.key === "scheduler_heartbeat")?.values ?? [];
  const expected = (60 / AIRFLOW_DEFAULTS.schedulerHeartbeatSeconds) * settings.schedulers;
  const observed = beats.length > 0 ? percentile(beats, 0.5) : expected;
  // A loop longer than the heartbeat interval shows as fewer heartbeats (simulator's model inverted).
  const loop = observed > 0 && observed < expected ? (60 * settings.schedulers) / observed : 1;
  const utilisation = Math.min(0.95, Math.max(0, 1 - 1 / loop));
  const schedulerCpuDemand = loop > 1 ? utilisation * settings.schedulerCpus * settings.schedulers : 0.2;
  return workload({
    dags:
      dags.length > 0
        ? dags
        : [{ id: "idle", scheduleSeconds: 86_400, tasks: [{ id: "noop", durationSeconds: 1 }] }],
    pools,
    parseCpuSeconds,
    schedulerCpuDemand,
  });
}

/** Per-DAG series the engine reads: active (queued + running) from the metrics, waiting from run history. */
function dagSeries(
  history: History,
  facts: readonly TaskFact[],
  series: readonly Series[],
  length: number,
): Series[] {
  const active = new Map<string, number[]>();
  for (const s of series) {
    if (s.key !== "ti_queued" && s.key !== "ti_running") continue;
    const dagId = s.labels.dag_id;
    if (!dagId) continue;
    const sum = active.get(dagId) ?? new Array<number>(length).fill(0);
    s.values.forEach((value, i) => {
      sum[i] = (sum[i] as number) + value;
    });
    active.set(dagId, sum);
  }
  const waiting = new Map<string, number[]>();
  for (const fact of facts) {
    const values = waiting.get(fact.dagId) ?? new Array<number>(length).fill(0);
    const first = Math.max(0, Math.ceil(fact.readyAt / STEP));
    const last = Math.min(length, Math.ceil((fact.startedAt ?? seconds(history.from, history.to)) / STEP));
    for (let i = first; i < last; i++) values[i] = (values[i] as number) + 1;
    waiting.set(fact.dagId, values);
  }
  const dagIds = [...new Set([...active.keys(), ...waiting.keys()])].sort();
  return dagIds.flatMap((dagId) => [
    {
      key: "dag_active_tasks",
      labels: { dag_id: dagId },
      values: active.get(dagId) ?? new Array(length).fill(0),
    },
    {
      key: "dag_waiting_tasks",
      labels: { dag_id: dagId },
      values: waiting.get(dagId) ?? new Array(length).fill(0),
    },
  ]);
}

/**
 * The history from its first to its last stored minute: a silent tail (the runtime stopped
 * reporting) is not read as zero heartbeats or idle workers — silence is the telemetry-silence
 * alert's job — and a silent head (the deployment did not exist yet) does not dilute the share
 * of samples a rule counts.
 */
function reported(history: History): History {
  let first = history.to.getTime();
  let last = history.from.getTime();
  for (const series of history.series) {
    for (const bucket of series.buckets) {
      first = Math.min(first, bucket.at.getTime());
      last = Math.max(last, bucket.at.getTime() + STEP * 1000);
    }
  }
  for (const run of history.runs) if (run.startedAt) first = Math.min(first, run.startedAt.getTime());
  for (const row of history.tries) if (row.startedAt) first = Math.min(first, row.startedAt.getTime());
  // Whole minutes from the window's start, so buckets stay aligned to their minutes.
  const from =
    first > history.from.getTime()
      ? new Date(
          history.from.getTime() + Math.floor((first - history.from.getTime()) / (STEP * 1000)) * STEP * 1000,
        )
      : history.from;
  const to = last < history.to.getTime() ? new Date(last) : history.to;
  return from === history.from && to === history.to ? history : { ...history, from, to };
}

export function observationFromHistory(full: History): Observation {
  const history = reported(full);
  const series: Series[] = history.series.map((stored) => ({
    key: stored.key,
    labels: stored.labels,
    values: aligned(history, stored),
  }));
  const length = Math.max(1, Math.round(seconds(history.from, history.to) / STEP));
  const facts = taskFacts(history);
  return {
    spec: history.spec,
    stepSeconds: STEP,
    series: [...series, ...dagSeries(history, facts, series, length)],
    tasks: facts,
    workload: workloadFromHistory(history, facts, series),
  };
}

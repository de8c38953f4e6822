// A labelled week of OpenLineage telemetry from one deployment, for the alerts acceptance
// corpus: healthy hourly and daily DAGs, a failed daily run rerun by hand, a task that
// succeeds on retry and one that exhausts its retries, a run that lasts three hours, a daily
// run that lands late, eight hours in which the runtime sends nothing, and the Europe/Berlin
// spring DST change (2026-03-29) under a 06:00 local deadline; a task try that runs too long,
// an hourly run eight times its usual length, and the deployment's health as its metrics and
// status tell it (the scheduler's heartbeat stops with the outage, an hour of import errors,
// an hour with the worker queue at its maximum and tasks still queued, an hour UNHEALTHY).
// `expected` names every notification the rules below must send: nothing more, nothing less.
import type { MetricSample } from "@skyport/metrics";
import { airflowJob, envelope, taskTry } from "../telemetry/airflow-events.ts";
import { uuidFor } from "../telemetry/fixtures.ts";

export const TRACE_START = new Date("2026-03-26T00:00:00Z");
export const TRACE_END = new Date("2026-04-01T11:50:00Z");
/** The runtime is down: no events at all in [from, to). */
/** One hourly run lasts 40 minutes instead of 5: a duration anomaly. */
const ANOMALOUS_RUN_AT = "2026-03-31T08:10:00.000Z";
export const OUTAGE = { from: new Date("2026-03-30T18:00:00Z"), to: new Date("2026-03-31T02:00:00Z") };

export interface TraceEvent {
  eventTime: string;
  [key: string]: unknown;
}

interface TryPlan {
  state: "COMPLETE" | "FAIL";
  start: Date;
  end: Date;
}

interface RunPlan {
  dagId: string;
  name: string;
  start: Date;
  end: Date;
  state: "COMPLETE" | "FAIL";
  tasks: Array<{ taskId: string; tries: TryPlan[] }>;
}

/** The rules replayed against the trace (names are how expectations refer to them). */
export const TRACE_RULES = [
  { name: "all failures", type: "DAG_FAILURE", patterns: [], properties: {} },
  {
    name: "load every try",
    type: "TASK_FAILURE",
    patterns: [{ entity: "TASK_ID", operator: "IS", values: ["load"] }],
    properties: { taskFailureMode: "EVERY_TRY" },
  },
  {
    name: "load exhausted",
    type: "TASK_FAILURE",
    patterns: [{ entity: "TASK_ID", operator: "IS", values: ["load"] }],
    properties: { taskFailureMode: "RETRIES_EXHAUSTED" },
  },
  {
    name: "report duration",
    type: "DAG_DURATION",
    patterns: [{ entity: "DAG_ID", operator: "IS", values: ["long_*"] }],
    properties: { durationSeconds: 3600 },
  },
  {
    name: "sales deadline",
    type: "DAG_TIMELINESS",
    patterns: [{ entity: "DAG_ID", operator: "IS", values: ["daily_sales"] }],
    properties: { deadline: "06:00", timeZone: "Europe/Berlin", lookBackSeconds: 3600 },
  },
  { name: "silence", type: "TELEMETRY_SILENCE", patterns: [], properties: { silenceMinutes: 60 } },
  {
    name: "report successes",
    type: "DAG_SUCCESS",
    patterns: [{ entity: "DAG_ID", operator: "IS", values: ["long_report"] }],
    properties: {},
  },
  {
    name: "render duration",
    type: "TASK_DURATION",
    patterns: [{ entity: "TASK_ID", operator: "IS", values: ["render"] }],
    properties: { durationSeconds: 7200 },
  },
  { name: "anomaly", type: "DURATION_ANOMALY", patterns: [], properties: {} },
  {
    name: "heartbeat",
    type: "DEPLOYMENT_HEALTH",
    patterns: [],
    properties: { condition: "SCHEDULER_HEARTBEAT_MISSING", heartbeatMinutes: 5 },
  },
  {
    name: "unhealthy",
    type: "DEPLOYMENT_HEALTH",
    patterns: [],
    properties: { condition: "DEPLOYMENT_UNHEALTHY" },
  },
  {
    name: "import errors",
    type: "DEPLOYMENT_HEALTH",
    patterns: [],
    properties: { condition: "IMPORT_ERRORS" },
  },
  {
    name: "queue saturated",
    type: "DEPLOYMENT_HEALTH",
    patterns: [],
    properties: { condition: "WORKER_QUEUE_SATURATED" },
  },
] as const;

/** The deployment's worker queue in the trace (the spec the health rules read). */
export const TRACE_QUEUE = { name: "default", minWorkers: 1, maxWorkers: 4 };
/** Import errors are reported in [from, to). */
const IMPORT_ERRORS = { from: new Date("2026-03-29T09:00:00Z"), to: new Date("2026-03-29T11:00:00Z") };
/** The queue is at its maximum with tasks queued in [from, to). */
const SATURATED = { from: new Date("2026-03-27T20:00:00Z"), to: new Date("2026-03-27T21:00:00Z") };
/** The deployment's status is UNHEALTHY in [from, to). */
export const UNHEALTHY = { from: new Date("2026-03-28T15:00:00Z"), to: new Date("2026-03-28T16:00:00Z") };

/**
 * The runtime's metrics in (from, to]: a scheduler heartbeat every minute, and the import-error,
 * queued-task and worker gauges at `to` (the corpus ticks every 15 minutes). Nothing during
 * the outage: the runtime is down.
 */
export function metricsBetween(from: Date, to: Date): MetricSample[] {
  const samples: MetricSample[] = [];
  const sample = (series: string, kind: MetricSample["kind"], value: number, at: Date, labels = {}) =>
    samples.push({ series, kind, labels, value, count: 1, at });
  for (let at = Math.floor(from.getTime() / 60_000) * 60_000 + 60_000; at <= to.getTime(); at += 60_000) {
    if (!inOutage(new Date(at))) sample("scheduler_heartbeat", "counter", 2, new Date(at));
  }
  if (!inOutage(to)) {
    const within = (range: { from: Date; to: Date }) => to >= range.from && to < range.to;
    const saturated = within(SATURATED);
    sample("dag_processing_import_errors", "gauge", within(IMPORT_ERRORS) ? 2 : 0, to);
    sample("executor_queued_tasks", "gauge", saturated ? 7 : 0, to, {
      executor_class_name: "CeleryExecutor",
    });
    sample("workers", "gauge", saturated ? TRACE_QUEUE.maxWorkers : 1, to, { queue: TRACE_QUEUE.name });
  }
  return samples;
}

export type TraceRuleName = (typeof TRACE_RULES)[number]["name"];

/** One expected incident: its rule, key, when it opens, and when it resolves (null: a notice or still open). */
export interface ExpectedIncident {
  rule: TraceRuleName;
  key: string;
  openedAt: Date;
  resolvedAt: Date | null;
  notice?: boolean;
}

const minutes = (date: Date, n: number) => new Date(date.getTime() + n * 60_000);
const utc = (iso: string) => new Date(iso);
const runIdOf = (name: string) => uuidFor(`run:${name}`);
const tryIdOf = (run: string, taskId: string, n: number) => uuidFor(`try:${run}/${taskId}/${n}`);

function eventsOf(plan: RunPlan): TraceEvent[] {
  const runId = runIdOf(plan.name);
  const at = (eventType: string, time: Date) => envelope(eventType, time.toISOString());
  const dagJob = airflowJob(plan.dagId);
  const events: TraceEvent[] = [
    { ...at("START", plan.start), run: { runId }, job: dagJob },
    { ...at(plan.state, plan.end), run: { runId }, job: dagJob },
  ];
  for (const task of plan.tasks) {
    task.tries.forEach((attempt, index) => {
      const tryNumber = index + 1;
      const { run, job } = taskTry(
        { runId, dagId: plan.dagId },
        { runId: tryIdOf(plan.name, task.taskId, tryNumber), taskId: task.taskId, tryNumber },
      );
      events.push({ ...at("START", attempt.start), run, job });
      events.push({ ...at(attempt.state, attempt.end), run, job });
    });
  }
  return events;
}

function inOutage(date: Date): boolean {
  return date >= OUTAGE.from && date < OUTAGE.to;
}

/** Every event of the week in time order, and the labels. */
export function buildTrace(): { events: TraceEvent[]; expected: ExpectedIncident[] } {
  const plans: RunPlan[] = [];
  const expected: ExpectedIncident[] = [];

  // hourly_ingest: HH:10–HH:15 UTC; extract then load.
  for (let at = minutes(TRACE_START, 10); at < TRACE_END; at = minutes(at, 60)) {
    if (inOutage(at)) continue;
    const name = `hourly_ingest@${at.toISOString()}`;
    const ok = (start: number, end: number): TryPlan => ({
      state: "COMPLETE",
      start: minutes(at, start),
      end: minutes(at, end),
    });
    const fail = (start: number, end: number): TryPlan => ({ ...ok(start, end), state: "FAIL" });
    let load = [ok(2, 5)];
    let state: RunPlan["state"] = "COMPLETE";
    let end = 5;
    if (at.toISOString() === ANOMALOUS_RUN_AT) {
      load = [ok(2, 40)];
      end = 40;
    }
    if (at.toISOString() === "2026-03-27T10:10:00.000Z") load = [fail(2, 3), ok(3, 5)];
    if (at.toISOString() === "2026-03-30T14:10:00.000Z") {
      load = [fail(2, 3), fail(3, 5)];
      state = "FAIL";
    }
    plans.push({
      dagId: "hourly_ingest",
      name,
      start: at,
      end: minutes(at, end),
      state,
      tasks: [
        { taskId: "extract", tries: [ok(0, 2)] },
        { taskId: "load", tries: load },
      ],
    });
  }
  const retried = "hourly_ingest@2026-03-27T10:10:00.000Z";
  // Usual: 5 min (median, MAD 0), so the threshold is the median plus the 60 s minimum excess.
  expected.push({
    rule: "anomaly",
    key: `run:${runIdOf(`hourly_ingest@${ANOMALOUS_RUN_AT}`)}`,
    openedAt: utc("2026-03-31T08:16:00Z"),
    resolvedAt: utc("2026-03-31T08:50:00Z"),
  });
  const exhausted = "hourly_ingest@2026-03-30T14:10:00.000Z";
  expected.push(
    {
      rule: "load every try",
      key: `try:${tryIdOf(retried, "load", 1)}`,
      openedAt: utc("2026-03-27T10:13:00Z"),
      resolvedAt: utc("2026-03-27T10:15:00Z"),
    },
    {
      rule: "load every try",
      key: `try:${tryIdOf(exhausted, "load", 1)}`,
      openedAt: utc("2026-03-30T14:13:00Z"),
      resolvedAt: utc("2026-03-30T15:15:00Z"),
    },
    {
      rule: "load every try",
      key: `try:${tryIdOf(exhausted, "load", 2)}`,
      openedAt: utc("2026-03-30T14:15:00Z"),
      resolvedAt: utc("2026-03-30T15:15:00Z"),
    },
    {
      rule: "load exhausted",
      key: `task:${runIdOf(exhausted)}/load`,
      openedAt: utc("2026-03-30T14:15:00Z"),
      resolvedAt: utc("2026-03-30T15:15:00Z"),
    },
    {
      rule: "all failures",
      key: `run:${runIdOf(exhausted)}`,
      openedAt: utc("2026-03-30T14:15:00Z"),
      resolvedAt: utc("2026-03-30T15:15:00Z"),
    },
  );

  // daily_sales: 05:00–05:30 Europe/Berlin (04:00Z before the DST change, 03:00Z after).
  const sales = (name: string, start: string, end: string, state: RunPlan["state"]) =>
    plans.push({ dagId: "daily_sales", name, start: utc(start), end: utc(end), state, tasks: [] });
  sales("sales-26", "2026-03-26T04:00:00Z", "2026-03-26T04:30:00Z", "COMPLETE");
  sales("sales-27", "2026-03-27T04:00:00Z", "2026-03-27T04:30:00Z", "COMPLETE");
  sales("sales-28", "2026-03-28T04:00:00Z", "2026-03-28T04:30:00Z", "FAIL");
  sales("sales-28-rerun", "2026-03-28T08:00:00Z", "2026-03-28T08:30:00Z", "COMPLETE");
  sales("sales-29-dst", "2026-03-29T03:00:00Z", "2026-03-29T03:30:00Z", "COMPLETE");
  sales("sales-30", "2026-03-30T03:00:00Z", "2026-03-30T03:30:00Z", "COMPLETE");
  sales("sales-31-late", "2026-03-31T03:50:00Z", "2026-03-31T04:20:00Z", "COMPLETE");
  sales("sales-01", "2026-04-01T03:00:00Z", "2026-04-01T03:30:00Z", "COMPLETE");
  expected.push(
    {
      rule: "all failures",
      key: `run:${runIdOf("sales-28")}`,
      openedAt: utc("2026-03-28T04:30:00Z"),
      resolvedAt: utc("2026-03-28T08:30:00Z"),
    },
    {
      // 06:00 CET = 05:00Z; the rerun lands at 08:30Z.
      rule: "sales deadline",
      key: "deadline:daily_sales:2026-03-28T05:00:00.000Z",
      openedAt: utc("2026-03-28T05:00:00Z"),
      resolvedAt: utc("2026-03-28T08:30:00Z"),
    },
    {
      // 06:00 CEST = 04:00Z; the late run lands at 04:20Z.
      rule: "sales deadline",
      key: "deadline:daily_sales:2026-03-31T04:00:00.000Z",
      openedAt: utc("2026-03-31T04:00:00Z"),
      resolvedAt: utc("2026-03-31T04:20:00Z"),
    },
  );

  // long_report: 12:00–12:20 UTC, except three hours on the 27th.
  for (let day = 26; day <= 31; day++) {
    const start = utc(`2026-03-${day}T12:00:00Z`);
    const name = `report-${day}`;
    const end = minutes(start, day === 27 ? 180 : 20);
    const render: TryPlan = { state: "COMPLETE", start, end };
    plans.push({
      dagId: "long_report",
      name,
      start,
      end,
      state: "COMPLETE",
      tasks: [{ taskId: "render", tries: [render] }],
    });
    expected.push({
      rule: "report successes",
      key: `run:${runIdOf(name)}`,
      openedAt: end,
      resolvedAt: end,
      notice: true,
    });
  }
  expected.push(
    {
      rule: "report duration",
      key: `run:${runIdOf("report-27")}`,
      openedAt: utc("2026-03-27T13:00:00Z"),
      resolvedAt: utc("2026-03-27T15:00:00Z"),
    },
    {
      rule: "render duration",
      key: `try:${tryIdOf("report-27", "render", 1)}`,
      openedAt: utc("2026-03-27T14:00:00Z"),
      resolvedAt: utc("2026-03-27T15:00:00Z"),
    },
  );

  // Deployment health: the heartbeat's last minute before the outage is 17:59Z; it beats again
  // at 02:00Z. The episodes open and clear at the ticks that see them.
  expected.push(
    {
      rule: "heartbeat",
      key: "heartbeat:2026-03-30T17:59:00.000Z",
      openedAt: utc("2026-03-30T18:04:00Z"),
      resolvedAt: utc("2026-03-31T02:00:00Z"),
    },
    {
      rule: "import errors",
      key: `import-errors@${IMPORT_ERRORS.from.toISOString()}`,
      openedAt: IMPORT_ERRORS.from,
      resolvedAt: IMPORT_ERRORS.to,
    },
    {
      rule: "queue saturated",
      key: `queue:${TRACE_QUEUE.name}@${SATURATED.from.toISOString()}`,
      openedAt: SATURATED.from,
      resolvedAt: SATURATED.to,
    },
    {
      rule: "unhealthy",
      key: `unhealthy@${UNHEALTHY.from.toISOString()}`,
      openedAt: UNHEALTHY.from,
      resolvedAt: UNHEALTHY.to,
    },
  );

  // The outage: the last event before it is the 17:10 run's end at 17:15Z.
  expected.push({
    rule: "silence",
    key: "silence:2026-03-30T17:15:00.000Z",
    openedAt: utc("2026-03-30T18:15:00Z"),
    resolvedAt: utc("2026-03-31T02:10:00Z"),
  });

  const events = plans.flatMap(eventsOf).sort((a, b) => Date.parse(a.eventTime) - Date.parse(b.eventTime));
  return { events, expected };
}

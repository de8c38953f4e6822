// A labelled week of OpenLineage telemetry from one deployment, for the alerts acceptance
// corpus: healthy hourly and daily DAGs, a failed daily run rerun by hand, a task that
// succeeds on retry and one that exhausts its retries, a run that lasts three hours, a daily
// run that lands late, eight hours in which the runtime sends nothing, and the Europe/Berlin
// spring DST change (2026-03-29) under a 06:00 local deadline. `expected` names every
// notification the rules below must send: nothing more, nothing less.
import { uuidFor } from "../telemetry/fixtures.ts";

const PRODUCER = "https://github.com/apache/airflow/tree/providers-openlineage/2.10.0";
const RUN_EVENT = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

export const TRACE_START = new Date("2026-03-26T00:00:00Z");
export const TRACE_END = new Date("2026-04-01T11:50:00Z");
/** The runtime is down: no events at all in [from, to). */
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
] as const;

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

function facet(name: string) {
  return {
    _producer: PRODUCER,
    _schemaURL: `https://openlineage.io/spec/facets/1-0-0/${name}.json#/$defs/${name}`,
  };
}

function eventsOf(plan: RunPlan): TraceEvent[] {
  const runId = runIdOf(plan.name);
  const envelope = (eventType: string, time: Date) => ({
    eventType,
    eventTime: time.toISOString(),
    producer: PRODUCER,
    schemaURL: RUN_EVENT,
  });
  const events: TraceEvent[] = [
    { ...envelope("START", plan.start), run: { runId }, job: { namespace: "airflow", name: plan.dagId } },
    { ...envelope(plan.state, plan.end), run: { runId }, job: { namespace: "airflow", name: plan.dagId } },
  ];
  for (const task of plan.tasks) {
    task.tries.forEach((attempt, index) => {
      const tryNumber = index + 1;
      const run = {
        runId: tryIdOf(plan.name, task.taskId, tryNumber),
        facets: {
          parent: {
            ...facet("ParentRunFacet"),
            run: { runId },
            job: { namespace: "airflow", name: plan.dagId },
          },
          airflow: {
            _producer: PRODUCER,
            _schemaURL: "https://example.com/airflow-run-facet.json",
            dag: { dag_id: plan.dagId },
            task: { task_id: task.taskId },
            taskInstance: { try_number: tryNumber },
          },
        },
      };
      const job = { namespace: "airflow", name: `${plan.dagId}.${task.taskId}` };
      events.push({ ...envelope("START", attempt.start), run, job });
      events.push({ ...envelope(attempt.state, attempt.end), run, job });
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
    if (at.toISOString() === "2026-03-27T10:10:00.000Z") load = [fail(2, 3), ok(3, 5)];
    if (at.toISOString() === "2026-03-30T14:10:00.000Z") {
      load = [fail(2, 3), fail(3, 5)];
      state = "FAIL";
    }
    plans.push({
      dagId: "hourly_ingest",
      name,
      start: at,
      end: minutes(at, 5),
      state,
      tasks: [
        { taskId: "extract", tries: [ok(0, 2)] },
        { taskId: "load", tries: load },
      ],
    });
  }
  const retried = "hourly_ingest@2026-03-27T10:10:00.000Z";
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
    plans.push({ dagId: "long_report", name, start, end, state: "COMPLETE", tasks: [] });
    expected.push({
      rule: "report successes",
      key: `run:${runIdOf(name)}`,
      openedAt: end,
      resolvedAt: end,
      notice: true,
    });
  }
  expected.push({
    rule: "report duration",
    key: `run:${runIdOf("report-27")}`,
    openedAt: utc("2026-03-27T13:00:00Z"),
    resolvedAt: utc("2026-03-27T15:00:00Z"),
  });

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

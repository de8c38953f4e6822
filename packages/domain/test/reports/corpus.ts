// A labelled replay corpus for status reports: five days of OpenLineage events from one
// deployment around the Europe/Berlin spring DST change (2026-03-29 02:00 → 03:00), and the
// exact status each report run must get.
//  - sales (report "Sales ready", daily 08:00 Europe/Berlin, send always):
//    03-27 on time, all assertions pass            → PASSED
//    03-28 lands late (07:40 local, due 07:30) and a warn-severity assertion fails → WARNING
//    03-29 (DST day) the load task fails           → FAILED
//    03-30 lands late at 07:35 CEST (it would be on time at 07:35 if the zone were still CET) → WARNING
//    03-31 nothing ran: yesterday's success is stale, not landed → FAILED
//  - finance (report "Finance close", daily 09:00 UTC, send only on change): one success on
//    03-27 at 01:00 UTC with a 12-hour freshness window → PASSED, then a stale success → STALE (sent), STALE… (not sent)
//  - report "Marketing" checks a task and a dataset that never reported → UNKNOWN (missing data)
import { airflowJob, envelope, facet, taskTry } from "../telemetry/airflow-events.ts";
import { uuidFor } from "../telemetry/fixtures.ts";

export const WAREHOUSE = "postgres://warehouse:5432";

export interface CorpusEvent {
  eventTime: string;
  [key: string]: unknown;
}

interface Plan {
  dagId: string;
  name: string;
  start: string;
  end: string;
  state: "COMPLETE" | "FAIL";
  tasks: Array<{ taskId: string; state: "COMPLETE" | "FAIL" }>;
  /** Assertions the load task reports on public.orders (dataQualityAssertions). */
  assertions?: Array<{ assertion: string; success: boolean; column?: string; severity?: string }>;
}

function eventsOf(plan: Plan): CorpusEvent[] {
  const runId = uuidFor(`report-run:${plan.name}`);
  const events: CorpusEvent[] = [
    { ...envelope("START", plan.start), run: { runId }, job: airflowJob(plan.dagId) },
  ];
  for (const task of plan.tasks) {
    const tryRunId = uuidFor(`report-try:${plan.name}/${task.taskId}`);
    const { run, job } = taskTry(
      { runId, dagId: plan.dagId },
      { runId: tryRunId, taskId: task.taskId, tryNumber: 1 },
    );
    events.push({ ...envelope("START", plan.start), run, job });
    const inputs = plan.assertions
      ? [
          {
            namespace: WAREHOUSE,
            name: "public.orders",
            inputFacets: {
              dataQualityAssertions: {
                ...facet("DataQualityAssertionsDatasetFacet"),
                assertions: plan.assertions,
              },
            },
          },
        ]
      : undefined;
    events.push({ ...envelope(task.state, plan.end), run, job, ...(inputs ? { inputs } : {}) });
  }
  events.push({ ...envelope(plan.state, plan.end), run: { runId }, job: airflowJob(plan.dagId) });
  return events;
}

const passing = [
  { assertion: "not_null", column: "id", success: true },
  { assertion: "unique", column: "id", success: true },
];

const PLANS: Plan[] = [
  {
    dagId: "finance",
    name: "finance-0327",
    start: "2026-03-27T00:40:00.000Z",
    end: "2026-03-27T01:00:00.000Z",
    state: "COMPLETE",
    tasks: [{ taskId: "close", state: "COMPLETE" }],
  },
  // 06:00–06:20 CET: on time.
  {
    dagId: "sales",
    name: "sales-0327",
    start: "2026-03-27T05:00:00.000Z",
    end: "2026-03-27T05:20:00.000Z",
    state: "COMPLETE",
    tasks: [{ taskId: "load", state: "COMPLETE" }],
    assertions: passing,
  },
  // Lands 07:40 CET (due 07:30), a warn-severity assertion fails.
  {
    dagId: "sales",
    name: "sales-0328",
    start: "2026-03-28T06:10:00.000Z",
    end: "2026-03-28T06:40:00.000Z",
    state: "COMPLETE",
    tasks: [{ taskId: "load", state: "COMPLETE" }],
    assertions: [
      { assertion: "not_null", column: "id", success: true },
      { assertion: "row_count_between", success: false, severity: "warn" },
    ],
  },
  // DST day: the load fails at 07:15 CEST.
  {
    dagId: "sales",
    name: "sales-0329",
    start: "2026-03-29T05:00:00.000Z",
    end: "2026-03-29T05:15:00.000Z",
    state: "FAIL",
    tasks: [{ taskId: "load", state: "FAIL" }],
  },
  // Lands 07:35 CEST = 05:35 UTC: late by five minutes.
  {
    dagId: "sales",
    name: "sales-0330",
    start: "2026-03-30T05:00:00.000Z",
    end: "2026-03-30T05:35:00.000Z",
    state: "COMPLETE",
    tasks: [{ taskId: "load", state: "COMPLETE" }],
    assertions: passing,
  },
];

/** Every event, in time order. */
export function corpusEvents(): CorpusEvent[] {
  return PLANS.flatMap(eventsOf).sort((a, b) => a.eventTime.localeCompare(b.eventTime));
}

export const CORPUS_START = new Date("2026-03-26T23:00:00Z");
export const CORPUS_END = new Date("2026-03-31T12:00:00Z");

/** One scheduled run as the corpus test reads it back: its time, status, check statuses, whether it was sent. */
function run(scheduledFor: string, status: string, checks: string[], notified: boolean) {
  return { scheduledFor, status, checks, notified };
}

/** The labelled expectation: per report, each scheduled run's time, status and check statuses. */
export const EXPECTED = {
  "Sales ready": [
    run("2026-03-27T07:00:00.000Z", "PASSED", ["PASSED", "PASSED", "PASSED", "PASSED"], true),
    run("2026-03-28T07:00:00.000Z", "WARNING", ["PASSED", "PASSED", "WARNING", "WARNING"], true),
    run("2026-03-29T06:00:00.000Z", "FAILED", ["FAILED", "FAILED", "WARNING", "FAILED"], true),
    run("2026-03-30T06:00:00.000Z", "WARNING", ["PASSED", "PASSED", "PASSED", "WARNING"], true),
    run("2026-03-31T06:00:00.000Z", "FAILED", ["STALE", "STALE", "STALE", "FAILED"], true),
  ],
  "Finance close": [
    run("2026-03-27T09:00:00.000Z", "PASSED", ["PASSED"], true),
    run("2026-03-28T09:00:00.000Z", "STALE", ["STALE"], true),
    run("2026-03-29T09:00:00.000Z", "STALE", ["STALE"], false),
    run("2026-03-30T09:00:00.000Z", "STALE", ["STALE"], false),
    run("2026-03-31T09:00:00.000Z", "STALE", ["STALE"], false),
  ],
  // Missing data every day; only the first UNKNOWN is sent (send on change).
  Marketing: ["27", "28", "29", "30", "31"].map((day) =>
    run(`2026-03-${day}T08:00:00.000Z`, "UNKNOWN", ["UNKNOWN", "UNKNOWN"], day === "27"),
  ),
};

// Telemetry overviews: the contracts of the summaries the console shows above the runs list — a
// deployment's telemetry at a glance, one DAG's recent history, an organization's failing DAGs,
// and what a run's raw events say about operators and datasets.
import { z } from "zod";
import {
  choiceField,
  deploymentRefSchema,
  idField,
  organizationRefSchema,
  textField,
} from "../shared/fields.types.ts";
import { pageInputShape } from "../shared/pagination.ts";
import { DAG_RUN_STATES } from "./telemetry.types.ts";

/** How many runs each state has, every state present (0 when none). */
export const runsByStateSchema = z.strictObject(
  Object.fromEntries(DAG_RUN_STATES.map((state) => [state, z.number().int()])) as Record<
    (typeof DAG_RUN_STATES)[number],
    z.ZodNumber
  >,
);
export type RunsByState = z.output<typeof runsByStateSchema>;

/** A DAG whose latest run failed: that run, so the console can link to it. */
export const failingDagSchema = z.strictObject({
  deploymentId: z.string(),
  dagId: z.string(),
  dagRunId: z.string(),
  airflowRunId: z.string().nullable(),
  failedAt: z.date(),
  errorMessage: z.string().nullable(),
  failedTaskCount: z.number().int(),
});
export type FailingDagView = z.output<typeof failingDagSchema>;

export const getTelemetrySummaryInput = deploymentRefSchema;

export const telemetrySummarySchema = z.strictObject({
  /** When Skyport last received an event from the runtime; null: never. */
  lastEventReceivedAt: z.date().nullable(),
  /** The window runsByState counts: runs with activity since this time (24 hours back). */
  since: z.date(),
  runsByState: runsByStateSchema,
  failingDags: z.array(failingDagSchema),
});
export type TelemetrySummary = z.output<typeof telemetrySummarySchema>;

export const DAG_WINDOWS = ["1d", "7d", "30d"] as const;
export type DagWindow = (typeof DAG_WINDOWS)[number];
export const DAG_WINDOW_DAYS: Record<DagWindow, number> = { "1d": 1, "7d": 7, "30d": 30 };

/** How many recent runs the DAG page charts. */
export const DAG_RECENT_RUNS = 50;

export const getDagSummaryInput = deploymentRefSchema.extend({
  dagId: textField({ label: "dagId", title: "DAG", max: 250 }),
  window: choiceField("window", "Window", DAG_WINDOWS).default("7d"),
});
export type GetDagSummaryInput = z.input<typeof getDagSummaryInput>;

export const dagRecentRunSchema = z.strictObject({
  id: z.string(),
  airflowRunId: z.string().nullable(),
  logicalDate: z.date().nullable(),
  startedAt: z.date().nullable(),
  lastEventTime: z.date(),
  state: z.enum(DAG_RUN_STATES),
  durationMs: z.number().nullable(),
});

/** A task of the DAG as its recent runs show it. */
export const dagTaskSchema = z.strictObject({
  taskId: z.string(),
  /** The state of its latest try in the DAG's latest run that has it. */
  latestState: z.string(),
  /** Tries in the recent runs, and how many of those failed. */
  tries: z.number().int(),
  failedTries: z.number().int(),
  /** Mean duration of its finished tries in the recent runs (ms). */
  meanDurationMs: z.number().nullable(),
});

export const dagSummarySchema = z.strictObject({
  dagId: z.string(),
  window: z.enum(DAG_WINDOWS),
  since: z.date(),
  /** Runs with activity in the window, by state. */
  runsByState: runsByStateSchema,
  /** The latest runs (at most DAG_RECENT_RUNS), oldest first for charting. */
  recentRuns: z.array(dagRecentRunSchema),
  tasks: z.array(dagTaskSchema),
});
export type DagSummary = z.output<typeof dagSummarySchema>;

/** A page of failing DAGs, most recent failure first. */
export const listFailingDagsInput = organizationRefSchema.extend(pageInputShape);
export type ListFailingDagsInput = z.input<typeof listFailingDagsInput>;

export const organizationFailingDagSchema = failingDagSchema.extend({
  deploymentName: z.string(),
  workspaceId: z.string(),
  workspaceName: z.string(),
});
export const organizationFailingDagsSchema = z.strictObject({
  /** How many deployments the caller can read (and so were looked at). */
  deploymentsChecked: z.number().int(),
  failingDags: z.array(organizationFailingDagSchema),
  /** The next page's cursor; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type OrganizationFailingDags = z.output<typeof organizationFailingDagsSchema>;

export const getDagRunLineageInput = deploymentRefSchema.extend({
  dagRunId: idField("dagRunId", "DAG run"),
});
export type GetDagRunLineageInput = z.output<typeof getDagRunLineageInput>;

const datasetSchema = z.strictObject({ namespace: z.string(), name: z.string() });
export type DatasetRef = z.output<typeof datasetSchema>;

/** What the run's raw events name: each task's operator, and the datasets read and written. */
export const dagRunLineageSchema = z.strictObject({
  operators: z.array(z.strictObject({ taskId: z.string(), operator: z.string() })),
  inputs: z.array(datasetSchema),
  outputs: z.array(datasetSchema),
});
export type DagRunLineage = z.output<typeof dagRunLineageSchema>;

/** The time ranges the deployment overview charts, each with the width of its buckets. */
export const RUNS_OVERVIEW_RANGES = ["6h", "24h", "7d", "30d"] as const;
export type RunsOverviewRange = (typeof RUNS_OVERVIEW_RANGES)[number];
export const RUNS_OVERVIEW_RANGE: Record<RunsOverviewRange, { hours: number; bucketMinutes: number }> = {
  "6h": { hours: 6, bucketMinutes: 15 },
  "24h": { hours: 24, bucketMinutes: 60 },
  "7d": { hours: 7 * 24, bucketMinutes: 6 * 60 },
  "30d": { hours: 30 * 24, bucketMinutes: 24 * 60 },
};
/** At most this many DAGs' durations (the slowest by p90). */
export const RUNS_OVERVIEW_MAX_DAGS = 20;

export const getRunsOverviewInput = deploymentRefSchema.extend({
  range: choiceField("range", "Time range", RUNS_OVERVIEW_RANGES).default("24h"),
});
export type GetRunsOverviewInput = z.input<typeof getRunsOverviewInput>;

export const runsOverviewSchema = z.strictObject({
  range: z.enum(RUNS_OVERVIEW_RANGES),
  /** Runs count in the bucket their latest activity falls in: [from, to). */
  from: z.date(),
  to: z.date(),
  bucketSeconds: z.number().int(),
  /** Every bucket of the range, oldest first, empty ones included. */
  buckets: z.array(z.strictObject({ at: z.date(), runsByState: runsByStateSchema })),
  /** Finished runs' durations per DAG (p50/p90 interpolated, ms), slowest p90 first. */
  durations: z.array(
    z.strictObject({
      dagId: z.string(),
      finishedRuns: z.number().int(),
      p50Ms: z.number(),
      p90Ms: z.number(),
    }),
  ),
  /** Failed runs in the range, and failed task tries of the range's runs. */
  failures: z.strictObject({ failedRuns: z.number().int(), failedTaskTries: z.number().int() }),
});
export type RunsOverview = z.output<typeof runsOverviewSchema>;

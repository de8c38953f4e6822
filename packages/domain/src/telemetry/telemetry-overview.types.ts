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

export const listFailingDagsInput = organizationRefSchema;

export const organizationFailingDagSchema = failingDagSchema.extend({
  deploymentName: z.string(),
  workspaceId: z.string(),
  workspaceName: z.string(),
});
export const organizationFailingDagsSchema = z.strictObject({
  /** How many deployments the caller can read (and so were looked at). */
  deploymentsChecked: z.number().int(),
  failingDags: z.array(organizationFailingDagSchema),
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

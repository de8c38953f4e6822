// Telemetry: the contracts of the ingest token and run-history operations. The OpenLineage
// events themselves are validated against the official JSON schema (openlineage-schema.ts),
// not here: their shape is the standard's, not ours.
import { z } from "zod";
import {
  choiceField,
  dateTimeField,
  deploymentRefSchema,
  idField,
  textField,
} from "../shared/fields.types.ts";
import { pageInputShape } from "../shared/pagination.ts";

/** Every ingest token starts with this (API tokens start with skp_, so the two never mix). */
export const INGEST_TOKEN_PREFIX = "skl_";
export const INGEST_TOKEN_PATTERN = /^skl_[A-Za-z0-9_-]{43}$/;

/** What anyone may see of a deployment's ingest token: never the token or its hash. */
export const ingestTokenSchema = z.strictObject({
  deploymentId: z.string(),
  /** The recognisable start of the token, e.g. "skl_ab12cd34". */
  prefix: z.string().regex(/^skl_[A-Za-z0-9_-]{8}$/),
  createdAt: z.date(),
  rotatedAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
});
export type IngestTokenView = z.output<typeof ingestTokenSchema>;

/** The only answer that ever carries an ingest token: right after rotating it. */
export const rotatedIngestTokenSchema = z.strictObject({
  token: z.string().regex(INGEST_TOKEN_PATTERN),
  ingestToken: ingestTokenSchema,
});
export type RotatedIngestToken = z.output<typeof rotatedIngestTokenSchema>;

export const rotateIngestTokenInput = deploymentRefSchema;
export const getIngestTokenInput = deploymentRefSchema;

/**
 * Runs whose derivation threw (a malformed event among theirs): `retrying` are tried again on
 * the next derivation, `parked` gave up after MAX_DERIVE_ATTEMPTS and are skipped (their raw
 * events are kept; the deployment's other runs are not held up).
 */
export const lineageDerivationSchema = z.strictObject({
  retryingRuns: z.number().int().nonnegative(),
  parkedRuns: z.number().int().nonnegative(),
});
export type LineageDerivationView = z.output<typeof lineageDerivationSchema>;

/**
 * The deployment's telemetry status: its ingest token's metadata (null when it has none yet;
 * rotate issues one) and runs whose derivation failed.
 */
export const ingestTokenStatusSchema = z.strictObject({
  ingestToken: ingestTokenSchema.nullable(),
  derivation: lineageDerivationSchema,
});
export type RotateIngestTokenInput = z.output<typeof rotateIngestTokenInput>;

/** The states a DAG run is shown in. UNKNOWN: only its tasks have reported so far. */
export const DAG_RUN_STATES = ["RUNNING", "SUCCESS", "FAILED", "ABORTED", "UNKNOWN"] as const;
export type DagRunState = (typeof DAG_RUN_STATES)[number];

/** The states of a task try: from its own events, or from the DAG run's airflowState facet. */
export const TASK_TRY_STATES = [
  "RUNNING",
  "SUCCESS",
  "FAILED",
  "ABORTED",
  "SKIPPED",
  "UPSTREAM_FAILED",
  "REMOVED",
  "UNKNOWN",
] as const;
export type TaskTryState = (typeof TASK_TRY_STATES)[number];

export const dagRunSchema = z.strictObject({
  id: z.string(),
  deploymentId: z.string(),
  /** The OpenLineage runId (lower-case). */
  runId: z.string(),
  dagId: z.string(),
  /** Airflow's own run id, e.g. "scheduled__2026-12-01T00:00:00+00:00". */
  airflowRunId: z.string().nullable(),
  logicalDate: z.date().nullable(),
  runType: z.string().nullable(),
  state: z.enum(DAG_RUN_STATES),
  startedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
  durationMs: z.number().int().nullable(),
  errorMessage: z.string().nullable(),
  lastEventTime: z.date(),
  taskCount: z.number().int(),
  failedTaskCount: z.number().int(),
});
export type DagRunView = z.output<typeof dagRunSchema>;

export const taskTrySchema = z.strictObject({
  id: z.string(),
  runId: z.string().nullable(),
  taskId: z.string(),
  tryNumber: z.number().int().nullable(),
  mapIndex: z.number().int().nullable(),
  state: z.enum(TASK_TRY_STATES),
  /** "events": the task reported itself; "dag-state": only the DAG run's airflowState names it. */
  source: z.enum(["events", "dag-state"]),
  startedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
  durationMs: z.number().int().nullable(),
  queue: z.string().nullable(),
  pool: z.string().nullable(),
  errorMessage: z.string().nullable(),
  stackTrace: z.string().nullable(),
});
export type TaskTryView = z.output<typeof taskTrySchema>;

export const dataQualityResultSchema = z.strictObject({
  runId: z.string(),
  source: z.string(),
  datasetNamespace: z.string().nullable(),
  datasetName: z.string().nullable(),
  assertion: z.string(),
  name: z.string().nullable(),
  column: z.string().nullable(),
  success: z.boolean(),
  severity: z.string().nullable(),
  expected: z.string().nullable(),
  actual: z.string().nullable(),
});
export type DataQualityResultView = z.output<typeof dataQualityResultSchema>;

export const dagRunDetailsSchema = dagRunSchema.extend({
  tasks: z.array(taskTrySchema),
  dataQuality: z.array(dataQualityResultSchema),
});
export type DagRunDetails = z.output<typeof dagRunDetailsSchema>;

export const listDagRunsInput = deploymentRefSchema.extend({
  dagId: textField({ label: "dagId", title: "DAG", max: 250 }).optional(),
  state: choiceField("state", "State", DAG_RUN_STATES).optional(),
  /** Runs whose latest event is at or after this time. */
  from: dateTimeField("from", "From").optional(),
  /** Runs whose latest event is before this time. */
  to: dateTimeField("to", "To").optional(),
  ...pageInputShape,
});
export type ListDagRunsInput = z.input<typeof listDagRunsInput>;

export const getDagRunInput = deploymentRefSchema.extend({
  dagRunId: idField("dagRunId", "DAG run"),
});
export type GetDagRunInput = z.output<typeof getDagRunInput>;

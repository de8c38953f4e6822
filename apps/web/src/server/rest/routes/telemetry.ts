import {
  dagRunDetailsSchema,
  dagRunLineageSchema,
  dagRunSchema,
  dagSummarySchema,
  deploymentMetricsSchema,
  getDagRunInput,
  getDagRunLineageInput,
  getDagSummaryInput,
  getDeploymentMetricsInput,
  getIngestTokenInput,
  getRunsOverviewInput,
  getTelemetrySummaryInput,
  ingestTokenStatusSchema,
  listDagRunsInput,
  listFailingDagsInput,
  organizationFailingDagSchema,
  pageSchema,
  rotatedIngestTokenSchema,
  rotateIngestTokenInput,
  runsOverviewSchema,
  telemetrySummarySchema,
} from "@skyport/domain";
import { defineRoute } from "../define.ts";

const tag = "Telemetry";

/**
 * Telemetry reads and the ingest token. The OpenLineage ingest endpoints themselves
 * (POST /api/v1/lineage, /api/v1/lineage/batch) authenticate by ingest token, not as a
 * caller, and are served by src/server/lineage.
 */
export const telemetryRoutes = [
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/ingest-token",
    operationId: "getIngestToken",
    summary:
      "The deployment's ingest token: its prefix and when it was created, rotated and last used (never the token)",
    tag,
    input: getIngestTokenInput,
    output: ingestTokenStatusSchema,
    handle: ({ caller, input }) => caller.telemetry.getIngestToken(input),
  }),
  defineRoute({
    method: "POST",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/ingest-token/rotate",
    operationId: "rotateIngestToken",
    summary: "Rotate the deployment's telemetry ingest token; the new token is in this answer only",
    description:
      "The previous token stops working within 5 seconds (web processes trust a verified token that long). The runtime sends OpenLineage events with it (Authorization: Bearer skl_…).",
    tag,
    input: rotateIngestTokenInput,
    output: rotatedIngestTokenSchema,
    status: 200,
    handle: ({ caller, input }) => caller.telemetry.rotateIngestToken(input),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/runs",
    operationId: "listDagRuns",
    summary: "DAG runs reported by the deployment's runtime, most recent activity first",
    description:
      "Filter by dagId, state and a time range (from inclusive, to exclusive) on the run's latest event.",
    tag,
    input: listDagRunsInput,
    output: pageSchema(dagRunSchema),
    paginated: true,
    handle: ({ caller, input }) => caller.telemetry.listRuns(input),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/runs/{dagRunId}",
    operationId: "getDagRun",
    summary: "A DAG run with each task try (state, times, error) and its data-quality results",
    tag,
    input: getDagRunInput,
    output: dagRunDetailsSchema,
    handle: ({ caller, input }) => caller.telemetry.getRun(input),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/metrics",
    operationId: "getDeploymentMetrics",
    summary:
      "The runtime's metrics (executor slots, queued tasks, workers, heartbeats, parse time) over a time range",
    description:
      "Each series key and label set answers points at a step chosen so there are at most 360 (one minute up to a day). Gauges give the step's last value, counters the increase in the step, timers the mean in seconds; min, max and count come with each point. Without `series`, the deployment's load series; without `from`/`to`, the last hour.",
    tag,
    input: getDeploymentMetricsInput,
    output: deploymentMetricsSchema,
    handle: ({ caller, input }) => caller.telemetry.getMetrics(input),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/runs/{dagRunId}/lineage",
    operationId: "getDagRunLineage",
    summary: "What a DAG run's events name: each task's operator, and the datasets it read and wrote",
    tag,
    input: getDagRunLineageInput,
    output: dagRunLineageSchema,
    handle: ({ caller, input }) => caller.telemetry.getRunLineage(input),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/telemetry-summary",
    operationId: "getTelemetrySummary",
    summary:
      "The deployment's telemetry at a glance: when an event last arrived, the last 24 hours' runs by state, and the DAGs whose latest run failed",
    tag,
    input: getTelemetrySummaryInput,
    output: telemetrySummarySchema,
    handle: ({ caller, input }) => caller.telemetry.getSummary(input),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/runs-overview",
    operationId: "getRunsOverview",
    summary:
      "Runs by state per time bucket, finished runs' duration p50/p90 per DAG, and failures over a time range (6h, 24h, 7d or 30d)",
    tag,
    input: getRunsOverviewInput,
    output: runsOverviewSchema,
    handle: ({ caller, input }) => caller.telemetry.getRunsOverview(input),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/dags/{dagId}",
    operationId: "getDagSummary",
    summary:
      "One DAG: its runs in a window (1d, 7d or 30d) by state, its latest runs' durations, and its tasks",
    tag,
    input: getDagSummaryInput,
    output: dagSummarySchema,
    handle: ({ caller, input }) => caller.telemetry.getDag(input),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/failing-dags",
    operationId: "listFailingDags",
    summary:
      "DAGs whose latest run failed, in every deployment of the organization the caller can read, most recent failure first",
    tag,
    input: listFailingDagsInput,
    output: pageSchema(organizationFailingDagSchema),
    paginated: true,
    handle: async ({ caller, input }) => {
      const { failingDags, nextCursor } = await caller.telemetry.listFailingDags(input);
      return { items: failingDags, nextCursor };
    },
  }),
];

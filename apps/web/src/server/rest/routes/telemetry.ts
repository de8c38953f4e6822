import {
  dagRunDetailsSchema,
  dagRunSchema,
  deploymentMetricsSchema,
  getDagRunInput,
  getDeploymentMetricsInput,
  getIngestTokenInput,
  ingestTokenStatusSchema,
  listDagRunsInput,
  pageSchema,
  rotatedIngestTokenSchema,
  rotateIngestTokenInput,
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
      "The previous token stops working at once. The runtime sends OpenLineage events with it (Authorization: Bearer skl_…).",
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
];

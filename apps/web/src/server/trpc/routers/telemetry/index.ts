import { router } from "../../init.ts";
import { telemetryGetDag } from "./get-dag.ts";
import { telemetryGetIngestToken } from "./get-ingest-token.ts";
import { telemetryGetMetrics } from "./get-metrics.ts";
import { telemetryGetRun } from "./get-run.ts";
import { telemetryGetRunLineage } from "./get-run-lineage.ts";
import { telemetryGetRunsOverview } from "./get-runs-overview.ts";
import { telemetryGetSummary } from "./get-summary.ts";
import { telemetryListFailingDags } from "./list-failing-dags.ts";
import { telemetryListRuns } from "./list-runs.ts";
import { telemetryRotateIngestToken } from "./rotate-ingest-token.ts";

export const telemetryRouter = router({
  getIngestToken: telemetryGetIngestToken,
  rotateIngestToken: telemetryRotateIngestToken,
  listRuns: telemetryListRuns,
  getRun: telemetryGetRun,
  getRunLineage: telemetryGetRunLineage,
  getSummary: telemetryGetSummary,
  getDag: telemetryGetDag,
  getRunsOverview: telemetryGetRunsOverview,
  listFailingDags: telemetryListFailingDags,
  getMetrics: telemetryGetMetrics,
});

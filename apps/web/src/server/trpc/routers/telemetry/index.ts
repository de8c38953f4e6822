import { router } from "../../init.ts";
import { telemetryGetIngestToken } from "./get-ingest-token.ts";
import { telemetryGetMetrics } from "./get-metrics.ts";
import { telemetryGetRun } from "./get-run.ts";
import { telemetryListRuns } from "./list-runs.ts";
import { telemetryRotateIngestToken } from "./rotate-ingest-token.ts";

export const telemetryRouter = router({
  getIngestToken: telemetryGetIngestToken,
  rotateIngestToken: telemetryRotateIngestToken,
  listRuns: telemetryListRuns,
  getRun: telemetryGetRun,
  getMetrics: telemetryGetMetrics,
});

import { router } from "../../init.ts";
import { telemetryGetRun } from "./get-run.ts";
import { telemetryListRuns } from "./list-runs.ts";
import { telemetryRotateIngestToken } from "./rotate-ingest-token.ts";

export const telemetryRouter = router({
  rotateIngestToken: telemetryRotateIngestToken,
  listRuns: telemetryListRuns,
  getRun: telemetryGetRun,
});

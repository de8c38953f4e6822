import { getTelemetrySummary, getTelemetrySummaryInput, telemetrySummarySchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** The deployment's telemetry at a glance: last event, the last 24 hours' runs by state, failing DAGs. */
export const telemetryGetSummary = protectedProcedure
  .meta({ permission: "deployment.runs.read" })
  .input(getTelemetrySummaryInput)
  .output(outputView(telemetrySummarySchema))
  .query(({ ctx, input }) => getTelemetrySummary(ctx.domain, input));

import { dagSummarySchema, getDagSummary, getDagSummaryInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** One DAG: its runs in a window by state, its latest runs' durations and its tasks. */
export const telemetryGetDag = protectedProcedure
  .meta({ permission: "deployment.runs.read" })
  .input(getDagSummaryInput)
  .output(outputView(dagSummarySchema))
  .query(({ ctx, input }) => getDagSummary(ctx.domain, input));

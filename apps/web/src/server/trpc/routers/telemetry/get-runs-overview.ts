import { getRunsOverview, getRunsOverviewInput, runsOverviewSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** The overview's run charts over a time range: runs by state per bucket, durations per DAG, failures. */
export const telemetryGetRunsOverview = protectedProcedure
  .meta({ permission: "deployment.runs.read" })
  .input(getRunsOverviewInput)
  .output(outputView(runsOverviewSchema))
  .query(({ ctx, input }) => getRunsOverview(ctx.domain, input));

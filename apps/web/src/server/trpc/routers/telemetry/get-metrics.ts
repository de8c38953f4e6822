import { deploymentMetricsSchema, getDeploymentMetrics, getDeploymentMetricsInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** The deployment's runtime metrics over a time range, in steps of at most 360 points. */
export const telemetryGetMetrics = protectedProcedure
  .meta({ permission: "deployment.metrics.read" })
  .input(getDeploymentMetricsInput)
  .output(outputView(deploymentMetricsSchema))
  .query(({ ctx, input }) => getDeploymentMetrics(ctx.domain, input));

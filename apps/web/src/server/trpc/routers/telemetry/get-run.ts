import { dagRunDetailsSchema, getDagRun, getDagRunInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** One DAG run with its task tries (errors included) and data-quality results. */
export const telemetryGetRun = protectedProcedure
  .meta({ permission: "deployment.runs.read" })
  .input(getDagRunInput)
  .output(outputView(dagRunDetailsSchema))
  .query(({ ctx, input }) => getDagRun(ctx.domain, input));

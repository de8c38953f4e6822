import { dagRunLineageSchema, getDagRunLineage, getDagRunLineageInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** The operators and datasets a DAG run's raw events name. */
export const telemetryGetRunLineage = protectedProcedure
  .meta({ permission: "deployment.runs.read" })
  .input(getDagRunLineageInput)
  .output(outputView(dagRunLineageSchema))
  .query(({ ctx, input }) => getDagRunLineage(ctx.domain, input));

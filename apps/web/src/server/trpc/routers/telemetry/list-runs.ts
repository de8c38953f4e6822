import { dagRunSchema, listDagRuns, listDagRunsInput, pageSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** The deployment's DAG runs, most recent activity first, filtered by DAG, state and time. */
export const telemetryListRuns = protectedProcedure
  .meta({ permission: "deployment.runs.read" })
  .input(listDagRunsInput)
  .output(outputView(pageSchema(dagRunSchema)))
  .query(({ ctx, input }) => listDagRuns(ctx.domain, input));

import { getIngestToken, getIngestTokenInput, ingestTokenStatusSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** The ingest token's prefix and times (never the token). */
export const telemetryGetIngestToken = protectedProcedure
  .meta({ permission: "deployment.read" })
  .input(getIngestTokenInput)
  .output(outputView(ingestTokenStatusSchema))
  .query(({ ctx, input }) => getIngestToken(ctx.domain, input));

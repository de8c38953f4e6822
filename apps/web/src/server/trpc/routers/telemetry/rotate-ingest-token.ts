import { rotatedIngestTokenSchema, rotateIngestToken, rotateIngestTokenInput } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";

/** A new ingest token for the deployment's runtime; the answer is the only place it appears. */
export const telemetryRotateIngestToken = protectedProcedure
  .meta({ permission: "deployment.ingestToken.rotate" })
  .input(rotateIngestTokenInput)
  .output(rotatedIngestTokenSchema)
  .mutation(({ ctx, input }) => rotateIngestToken(ctx.domain, input));

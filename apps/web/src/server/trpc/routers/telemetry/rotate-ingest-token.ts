import { rotatedIngestTokenSchema, rotateIngestToken, rotateIngestTokenInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/**
 * A new ingest token for the deployment's runtime; the answer is the only place it appears. It is
 * sealed for provisioning, and a reconcile delivers it into the runtime.
 */
export const telemetryRotateIngestToken = protectedProcedure
  .meta({ permission: "deployment.ingestToken.rotate" })
  .input(rotateIngestTokenInput)
  .output(outputView(rotatedIngestTokenSchema))
  .mutation(({ ctx, input }) =>
    rotateIngestToken(ctx.domain, input, { secrets: ctx.services.secrets, jobs: ctx.services.jobs }),
  );

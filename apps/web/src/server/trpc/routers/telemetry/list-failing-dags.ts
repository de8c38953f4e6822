import { listFailingDags, listFailingDagsInput, organizationFailingDagsSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** DAGs whose latest run failed, in every deployment of the organization the caller can read. */
export const telemetryListFailingDags = protectedProcedure
  .meta({ permission: "organization.failingDags.read" })
  .input(listFailingDagsInput)
  .output(outputView(organizationFailingDagsSchema))
  .query(({ ctx, input }) => listFailingDags(ctx.domain, input));

import { billingOverviewInput, billingOverviewView, getBillingOverview } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

export const billingOverview = protectedProcedure
  .meta({ permission: "billing.read" })
  .input(billingOverviewInput)
  .output(outputView(billingOverviewView))
  .query(({ ctx, input }) => getBillingOverview({ ...ctx.domain, billing: ctx.services.billing }, input));

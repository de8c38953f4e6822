import { billingRedirectView, openBillingPortal, openPortalInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

export const billingPortal = protectedProcedure
  .meta({ permission: "billing.manage" })
  .input(openPortalInput)
  .output(outputView(billingRedirectView))
  .mutation(({ ctx, input }) => openBillingPortal({ ...ctx.domain, billing: ctx.services.billing }, input));

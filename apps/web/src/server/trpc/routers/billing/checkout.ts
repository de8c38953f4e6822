import { billingRedirectView, startCheckout, startCheckoutInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

export const billingCheckout = protectedProcedure
  .meta({ permission: "billing.manage" })
  .input(startCheckoutInput)
  .output(outputView(billingRedirectView))
  .mutation(({ ctx, input }) => startCheckout({ ...ctx.domain, billing: ctx.services.billing }, input));

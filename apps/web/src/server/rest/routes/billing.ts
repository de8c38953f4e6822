import {
  billingOverviewInput,
  billingOverviewView,
  billingRedirectView,
  openPortalInput,
  startCheckoutInput,
} from "@skyport/domain";
import { defineRoute } from "../define.ts";

const tag = "Billing";

export const billingRoutes = [
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/billing",
    operationId: "getBilling",
    summary:
      "The plan, limits, usage so far this period, the upcoming invoice and invoices (billing off: enabled false)",
    tag,
    input: billingOverviewInput,
    output: billingOverviewView,
    handle: ({ caller, input }) => caller.billing.overview(input),
  }),
  defineRoute({
    method: "POST",
    path: "/organizations/{organizationId}/billing/checkout",
    operationId: "startBillingCheckout",
    summary: "Start a Stripe Checkout for a plan; answers the URL to continue at",
    tag,
    input: startCheckoutInput,
    output: billingRedirectView,
    status: 200,
    handle: ({ caller, input }) => caller.billing.checkout(input),
  }),
  defineRoute({
    method: "POST",
    path: "/organizations/{organizationId}/billing/portal",
    operationId: "openBillingPortal",
    summary: "Open the Stripe customer portal (payment methods, plan changes, cancellation); answers its URL",
    tag,
    input: openPortalInput,
    output: billingRedirectView,
    status: 200,
    handle: ({ caller, input }) => caller.billing.portal(input),
  }),
];

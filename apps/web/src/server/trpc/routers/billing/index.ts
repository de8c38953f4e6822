import { router } from "../../init.ts";
import { billingCheckout } from "./checkout.ts";
import { billingOverview } from "./overview.ts";
import { billingPortal } from "./portal.ts";

export const billingRouter = router({
  overview: billingOverview,
  checkout: billingCheckout,
  portal: billingPortal,
});

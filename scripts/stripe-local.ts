// `npm run stripe:local [-- --webhook-url URL --secret-key sk_test_… --webhook-secret whsec_…]`:
// the local Stripe stand-in (packages/testing/src/stripe) as a process, for demos and
// end-to-end runs of `npm start` with billing on. Prints the variables to set.
import { parseArgs } from "node:util";
import { startLocalStripe } from "@skyport/testing/stripe";

const { values } = parseArgs({
  options: {
    "webhook-url": { type: "string", default: "http://127.0.0.1:3000/api/webhooks/stripe" },
    "secret-key": { type: "string" },
    "webhook-secret": { type: "string" },
  },
});
const local = await startLocalStripe({
  webhook: values["webhook-url"],
  ...(values["secret-key"] ? { secretKey: values["secret-key"] } : {}),
  ...(values["webhook-secret"] ? { webhookSecret: values["webhook-secret"] } : {}),
});
process.stdout.write(
  [
    `SKYPORT_STRIPE_API_URL=${local.url}`,
    `SKYPORT_STRIPE_SECRET_KEY=${local.secretKey}`,
    `SKYPORT_STRIPE_WEBHOOK_SECRET=${local.webhookSecret}`,
    "SKYPORT_STRIPE_PUBLISHABLE_KEY=pk_test_local",
    `(webhooks go to ${values["webhook-url"]}; Ctrl-C stops it)`,
    "",
  ].join("\n"),
);
const stop = () => void local.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

// The subscription and webhook flows against two independent implementations of Stripe's HTTP
// API: our stand-in (packages/testing/src/stripe) and localstripe (Python, PyPI; installed into
// a cached venv by `npm run localstripe:install`). The real `stripe` client talks to each; each
// signs its webhook deliveries, which reach the real /api/webhooks/stripe handler over HTTP.
//
// localstripe 1.15.10 lacks, so these flows use only what both have: Prices (subscription items
// carry the legacy `plan`, so Skyport's sync, which reads item.price.product, is not run against
// it), Checkout Sessions (its subscriptions are created with POST /v1/subscriptions instead),
// the Customer Portal, Billing Meters and meter events, Entitlements (features and active
// entitlements), billing credit grants, and test-only actions. Without Python the localstripe
// half is skipped with a banner naming the install command (an error under CI).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createStripeClient } from "@skyport/domain";
import { findFreePort } from "@skyport/localstack";
import { waitFor } from "@skyport/testing";
import { findLocalstripe, LOCALSTRIPE_INSTALL_HINT } from "@skyport/testing/localstripe";
import { startLocalStripe } from "@skyport/testing/stripe";
import { hasToolchain, PYTHON3 } from "@skyport/testing/toolchain";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "../app/api/webhooks/stripe/route.ts";
import { createTestServices, serveRoutesWith } from "./support.ts";

const SECRET_KEY = "sk_test_skyportservers0123456789";
const WEBHOOK_SECRET = "whsec_skyportserverssecret0123456789";

interface Delivery {
  body: string;
  signature: string;
  type: string;
  status: number;
}

/** A delivery to the real webhook handler, as Stripe sends it. */
const deliver = (body: string, signature: string) =>
  POST(
    new Request("http://localhost/api/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body,
    }),
    undefined,
  );

/** An HTTP endpoint in front of the real webhook handler that keeps what it was sent. */
async function webhookRelay() {
  const deliveries: Delivery[] = [];
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const signature = String(request.headers["stripe-signature"] ?? "");
    const answer = await deliver(body, signature);
    let type = "";
    try {
      type = String((JSON.parse(body) as { type?: string }).type ?? "");
    } catch {
      // not JSON: the handler has refused it
    }
    deliveries.push({ body, signature, type, status: answer.status });
    response.writeHead(answer.status, { "content-type": "application/json" });
    response.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url, deliveries };
}

interface StripeServer {
  url: string;
  /** The status of a subscription `subscribe` started. */
  startStatus: string;
  /** Starts a subscription the way this server can. */
  subscribe(stripe: Stripe, customer: string): Promise<string>;
  close(): Promise<void>;
}

async function standIn(webhookUrl: string): Promise<StripeServer> {
  const local = await startLocalStripe({
    secretKey: SECRET_KEY,
    webhookSecret: WEBHOOK_SECRET,
    webhook: webhookUrl,
  });
  return {
    url: local.url,
    startStatus: "trialing",
    async subscribe(stripe, customer) {
      const product = await stripe.products.create({ name: "Team", id: `prod_team_${Date.now()}` });
      const price = await stripe.prices.create({
        product: product.id,
        currency: "usd",
        unit_amount: 50000,
        recurring: { interval: "month" },
      });
      const session = await stripe.checkout.sessions.create({
        mode: "subscription",
        customer,
        line_items: [{ price: price.id, quantity: 1 }],
        success_url: "http://skyport.test/done",
        subscription_data: { trial_period_days: 14 },
      });
      const complete = await fetch(`${session.url}/complete`, { method: "POST" });
      expect(complete.status).toBe(200);
      return String(((await complete.json()) as { subscription: string }).subscription);
    },
    close: () => local.close(),
  };
}

async function localstripe(webhookUrl: string): Promise<StripeServer> {
  // Installed by CI before the tests; a developer's first run installs it here (about a minute).
  if (!findLocalstripe()) {
    const install = spawnSync("npm", ["run", "--silent", "localstripe:install"], { stdio: "inherit" });
    if (install.status !== 0) throw new Error(`${LOCALSTRIPE_INSTALL_HINT} failed`);
  }
  const command = findLocalstripe() ?? "localstripe";
  const port = await findFreePort();
  const child: ChildProcess = spawn(command, ["--port", String(port), "--from-scratch"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c) => (output += c));
  child.stderr?.on("data", (c) => (output += c));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    () =>
      fetch(`${url}/v1/customers`, { headers: { authorization: `Bearer ${SECRET_KEY}` } }).then(
        (r) => r.ok,
        () => false,
      ),
    60_000,
    `localstripe to answer (${output.slice(-500)})`,
  );
  const registered = await fetch(`${url}/_config/webhooks/skyport`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ url: webhookUrl, secret: WEBHOOK_SECRET }).toString(),
  });
  expect(registered.status).toBe(200);
  return {
    url,
    // localstripe 1.15.10 ignores trial_from_plan and leaves a subscription created with
    // trial_period_days "incomplete": here subscriptions start paid (the card), without a trial.
    startStatus: "active",
    async subscribe(stripe, customer) {
      // localstripe pays the first invoice at once: the customer needs a card.
      const token = await stripe.rawRequest("POST", "/v1/tokens", {
        card: { number: "4242424242424242", exp_month: 12, exp_year: 2030, cvc: "123" },
      });
      await stripe.rawRequest("POST", `/v1/customers/${customer}/sources`, {
        source: (token as unknown as { id: string }).id,
      });
      // No Prices in localstripe: a product and a legacy plan, and POST /v1/subscriptions.
      const product = await stripe.products.create({ name: "Team" });
      const plan = await stripe.rawRequest("POST", "/v1/plans", {
        product: product.id,
        amount: 50000,
        currency: "usd",
        interval: "month",
      });
      const subscription = await stripe.rawRequest("POST", "/v1/subscriptions", {
        customer,
        items: [{ plan: (plan as unknown as { id: string }).id }],
      });
      return (subscription as unknown as { id: string }).id;
    },
    close: async () => {
      child.kill("SIGTERM");
    },
  };
}

// Billing on; the handler verifies with this webhook secret, which both servers sign with (the
// API URL is not called by the handler).
const services = await createTestServices({
  SKYPORT_STRIPE_SECRET_KEY: SECRET_KEY,
  SKYPORT_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  SKYPORT_STRIPE_PUBLISHABLE_KEY: "pk_test_local",
  SKYPORT_STRIPE_API_URL: "http://127.0.0.1:9",
});
serveRoutesWith(services);
const relay = await webhookRelay();
/** The relay's delivery of an event of `type` about `objectId`, once it has come. */
const deliveredEvent = (type: string, objectId: string) =>
  waitFor(() => relay.deliveries.find((d) => d.type === type && d.body.includes(objectId)), 30_000, type);

const withPython = hasToolchain({
  ...PYTHON3,
  install: `${PYTHON3.install} && ${LOCALSTRIPE_INSTALL_HINT}`,
  tests: "the billing protocol tests against localstripe",
});

describe.each([
  { name: "the Skyport stand-in", start: standIn, available: true },
  { name: "localstripe", start: localstripe, available: withPython },
])("Stripe protocol against $name", ({ start, available }) => {
  let server: StripeServer;
  let stripe: Stripe;
  beforeAll(async () => {
    if (!available) return;
    server = await start(relay.url);
    stripe = createStripeClient({ secretKey: SECRET_KEY, apiUrl: server.url });
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  it.skipIf(!available)("creates a customer carrying the organization id and reads it back", async () => {
    const customer = await stripe.customers.create(
      { name: "Acme Data", metadata: { organizationId: "org_protocol" } },
      { idempotencyKey: `customer-${Date.now()}` },
    );
    const again = await stripe.customers.retrieve(customer.id);
    expect("deleted" in again ? null : again.metadata).toEqual({ organizationId: "org_protocol" });
    await expect(stripe.customers.retrieve("cus_missing")).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 404,
    });
  });

  it.skipIf(!available)(
    "a subscription's signed webhooks are verified and stored once; a replay changes nothing, a forgery is refused",
    async () => {
      const customer = await stripe.customers.create({ metadata: { organizationId: "org_protocol" } });
      const subscriptionId = await server.subscribe(stripe, customer.id);
      const created = await deliveredEvent("customer.subscription.created", subscriptionId);
      expect(created.status).toBe(200);
      const event = JSON.parse(created.body) as { id: string };
      const stored = await services.db.stripeWebhookEvent.findUniqueOrThrow({ where: { id: event.id } });
      expect(stored).toMatchObject({ type: "customer.subscription.created", stripeCustomerId: customer.id });
      const queued = await services.jobs.queue("billing").getJobs(["waiting", "prioritized", "delayed"]);
      expect(queued.map((j) => j.data.eventId)).toContain(event.id);

      const listed = await stripe.subscriptions.list({ customer: customer.id, status: "all" });
      expect(listed.data.map((s) => [s.id, s.status])).toEqual([[subscriptionId, server.startStatus]]);

      const replay = await deliver(created.body, created.signature);
      expect(await replay.json()).toMatchObject({ received: true, duplicate: true });
      const forged = await deliver(created.body.replaceAll(customer.id, "cus_forged"), created.signature);
      expect(forged.status).toBe(400);
      expect(await services.db.stripeWebhookEvent.count({ where: { id: event.id } })).toBe(1);

      await stripe.subscriptions.cancel(subscriptionId);
      const deleted = await deliveredEvent("customer.subscription.deleted", subscriptionId);
      expect(deleted.status).toBe(200);
    },
    120_000,
  );
});

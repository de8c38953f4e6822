// Billing end to end at Stripe's protocol boundary: the real `stripe` client talks to the
// local Stripe stand-in, which signs webhook deliveries to the exported route handler.
import {
  type BillingContext,
  createDeployment,
  createStripeClient,
  getBillingOverview,
  markStripeEventProcessed,
  openBillingPortal,
  PlanLimitError,
  startCheckout,
  syncBillingCustomer,
} from "@skyport/domain";
import { buildWorld, type Persona, type World } from "@skyport/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "../app/api/webhooks/stripe/route.ts";
import { localBilling } from "./billing-support.ts";
import { restClient, signUpOverRest } from "./rest/support.ts";
import { createTestServices, serveRoutesWith } from "./support.ts";

const { local, env } = await localBilling({ webhookMode: "held" });
const services = await createTestServices(env);
serveRoutesWith(services);
local.webhook = (request) => POST(request, undefined);
const { db } = services;
const billing = services.billing;
if (!billing) throw new Error("billing should be on");
const stripe = createStripeClient({ secretKey: local.secretKey, apiUrl: local.url });

const ctxOf = (world: World, persona: Persona): BillingContext => ({
  db,
  actor: world.actor(persona),
  context: { ip: "203.0.113.9", userAgent: "vitest", requestId: "billing-test" },
  billing,
});

/** What the worker does with queued billing jobs (the same domain calls, in order). */
async function drainBillingJobs(): Promise<number> {
  const queue = services.jobs.queue("billing");
  let processed = 0;
  for (;;) {
    const waiting = await queue.getJobs(["waiting", "prioritized", "delayed"]);
    if (waiting.length === 0) return processed;
    for (const job of waiting) {
      await syncBillingCustomer(db, billing as NonNullable<typeof billing>, job.data.stripeCustomerId);
      await markStripeEventProcessed(db, job.data.eventId);
      await job.remove();
      processed++;
    }
  }
}

async function mirrorState(organizationId: string) {
  const [subscription, entitlements, audits] = await Promise.all([
    db.billingSubscription.findUnique({ where: { organizationId } }),
    db.billingEntitlement.findMany({ where: { organizationId }, orderBy: { lookupKey: "asc" } }),
    db.auditEvent.count({ where: { organizationId } }),
  ]);
  return {
    status: subscription?.status ?? null,
    plan: subscription?.planKey ?? null,
    entitlements: entitlements.map((e) => e.lookupKey),
    audits,
  };
}

/** Checkout for a plan, completed on the stand-in's "hosted page"; events stay held. */
async function subscribe(world: World, plan: string) {
  const { url } = await startCheckout(ctxOf(world, "billingAdmin"), {
    organizationId: world.organizationId,
    plan,
  });
  const complete = await fetch(`${url}/complete`, { method: "POST" });
  expect(complete.status).toBe(200);
  return url;
}

async function deliverRaw(body: string, signature: string) {
  const response = await POST(
    new Request("http://localhost/api/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body,
    }),
    undefined,
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

let world: World;
beforeAll(async () => {
  world = await buildWorld(db);
});

describe("checkout → webhook → plan active → entitlements", () => {
  it("creates the customer first with the organization id, then converges from held events in reverse order", async () => {
    await subscribe(world, "team");
    const customer = await db.billingCustomer.findUniqueOrThrow({
      where: { organizationId: world.organizationId },
    });
    const stripeCustomer = await stripe.customers.retrieve(customer.stripeCustomerId);
    expect("deleted" in stripeCustomer ? null : stripeCustomer.metadata).toEqual({
      organizationId: world.organizationId,
    });
    const events = local.heldEvents.splice(0);
    expect(events.map((e) => e.type)).toEqual([
      "customer.subscription.created",
      "invoice.paid",
      "checkout.session.completed",
      "entitlements.active_entitlement_summary.updated",
    ]);
    // Reordered: the entitlement summary first, the subscription's creation last.
    const deliveries = await local.releaseEvents([...events].reverse());
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200, 200]);
    expect(await drainBillingJobs()).toBe(4);
    expect(await mirrorState(world.organizationId)).toMatchObject({
      status: "trialing",
      plan: "team",
      entitlements: [
        "skyport_alert_channels",
        "skyport_deployments_25",
        "skyport_scheduler_sizes_all",
        "skyport_workers_20",
      ],
    });
    const overview = await getBillingOverview(ctxOf(world, "organizationOwner"), {
      organizationId: world.organizationId,
    });
    expect(overview).toMatchObject({
      enabled: true,
      plan: { key: "team", name: "Team" },
      status: "trialing",
    });
    expect(overview.limits).toMatchObject({
      maxDeployments: 25,
      highAvailability: false,
      maxWorkersPerQueue: 20,
    });
    expect(overview.upcomingInvoice?.totalCents).toBe(50000);
    expect(overview.invoices).toHaveLength(1);
    const audit = await db.auditEvent.findFirst({
      where: { organizationId: world.organizationId, action: "billing.subscription.sync" },
    });
    expect(audit?.metadata).toMatchObject({ plan: { from: null, to: "team" } });
  });

  it("a duplicate delivery and a replay of an accepted event are acknowledged and change nothing", async () => {
    const before = await mirrorState(world.organizationId);
    const [first] = local.deliveries;
    if (!first) throw new Error("no delivery yet");
    const duplicate = await deliverRaw(first.body, local.sign(first.body));
    expect(duplicate).toEqual({
      status: 200,
      body: { received: true, duplicate: true, eventType: first.event.type },
    });
    expect(await drainBillingJobs()).toBe(0);
    expect(await mirrorState(world.organizationId)).toEqual(before);
  });

  it("refuses a forged signature and a stale timestamp: nothing accepted, nothing changed", async () => {
    const before = await mirrorState(world.organizationId);
    const eventsBefore = await db.stripeWebhookEvent.count();
    const forgedBody = JSON.stringify({
      id: "evt_forged",
      object: "event",
      type: "customer.subscription.deleted",
      data: { object: { object: "subscription", customer: "cus_x" } },
    });
    const forged = await deliverRaw(
      forgedBody,
      local.sign(forgedBody, undefined, "whsec_attackerssecret0123456"),
    );
    expect(forged.status).toBe(400);
    expect(JSON.stringify(forged.body)).toContain("does not match the body");
    const stale = await deliverRaw(forgedBody, local.sign(forgedBody, Math.floor(Date.now() / 1000) - 301));
    expect(stale.status).toBe(400);
    expect(JSON.stringify(stale.body)).toContain("outside the tolerance");
    const unsigned = await POST(
      new Request("http://localhost/api/webhooks/stripe", { method: "POST", body: forgedBody }),
      undefined,
    );
    expect(unsigned.status).toBe(400);
    expect(await db.stripeWebhookEvent.count()).toBe(eventsBefore);
    expect(await drainBillingJobs()).toBe(0);
    expect(await mirrorState(world.organizationId)).toEqual(before);
  });

  it("a second checkout while subscribed is refused; a concurrent pair opens one session", async () => {
    await expect(
      startCheckout(ctxOf(world, "organizationOwner"), {
        organizationId: world.organizationId,
        plan: "business",
      }),
    ).rejects.toThrow("already has a subscription");
    const fresh = await buildWorld(db);
    const sessionsBefore = local.objects("checkout.session").length;
    const [a, b] = await Promise.allSettled([
      startCheckout(ctxOf(fresh, "billingAdmin"), { organizationId: fresh.organizationId, plan: "business" }),
      startCheckout(ctxOf(fresh, "organizationOwner"), {
        organizationId: fresh.organizationId,
        plan: "business",
      }),
    ]);
    const urls = [a, b].filter((r) => r.status === "fulfilled").map((r) => r.value.url);
    expect(local.objects("checkout.session").length - sessionsBefore).toBe(1);
    expect(
      local
        .objects("customer")
        .filter((c) => (c.metadata as Record<string, string>).organizationId === fresh.organizationId),
    ).toHaveLength(1);
    expect(new Set(urls).size).toBe(1);
    // Completing the open session twice creates one subscription.
    const [url] = urls;
    expect((await fetch(`${url}/complete`, { method: "POST" })).status).toBe(200);
    expect((await fetch(`${url}/complete`, { method: "POST" })).status).toBe(400);
    local.heldEvents.splice(0);
  });

  it("members cannot read or change billing; the portal session is audited", async () => {
    await expect(
      getBillingOverview(ctxOf(world, "organizationMember"), { organizationId: world.organizationId }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      startCheckout(ctxOf(world, "outsider"), { organizationId: world.organizationId, plan: "team" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const portal = await openBillingPortal(ctxOf(world, "billingAdmin"), {
      organizationId: world.organizationId,
    });
    expect(portal.url).toMatch(/\/test\/portal\/bps_/);
    const audit = await db.auditEvent.findFirst({
      where: { organizationId: world.organizationId, action: "billing.portal.open" },
    });
    expect(audit).not.toBeNull();
  });
});

describe("entitlements enforced in the domain", () => {
  const spec = (overrides: Record<string, unknown> = {}) => ({
    runtimeVersion: "3.3.1",
    executor: "CELERY" as const,
    schedulerSize: "S" as const,
    workerQueues: [{ name: "default", workerSize: "S" as const, minWorkers: 1, maxWorkers: 3 }],
    ...overrides,
  });
  const deploymentServices = () => ({
    jobs: services.jobs,
    baseDomain: "skyport.localhost",
    localRuntimesDir: "/tmp/none",
    billingPlans: billing?.plans ?? null,
  });

  it("refuses high availability on Team naming the plan that lifts it, and writes nothing", async () => {
    const count = await db.deployment.count({ where: { organizationId: world.organizationId } });
    const refusal = createDeployment(
      ctxOf(world, "organizationOwner"),
      {
        organizationId: world.organizationId,
        workspaceId: world.workspaceId,
        name: "ha",
        spec: spec({ highAvailability: true }),
      } as never,
      deploymentServices(),
    );
    await expect(refusal).rejects.toBeInstanceOf(PlanLimitError);
    await expect(refusal).rejects.toMatchObject({
      code: "PAYMENT_REQUIRED",
      limit: "high availability",
      liftedBy: "Business",
      message: expect.stringContaining("upgrade to Business"),
    });
    expect(await db.deployment.count({ where: { organizationId: world.organizationId } })).toBe(count);
  });

  it("past due: a banner first, then new deployments are blocked; nothing running is touched", async () => {
    const subscription = await db.billingSubscription.findUniqueOrThrow({
      where: { organizationId: world.organizationId },
    });
    local.webhookMode = "in-order";
    await fetch(`${local.url}/test/subscriptions/${subscription.stripeSubscriptionId}/status`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "status=past_due",
    });
    await local.settled();
    await drainBillingJobs();
    const overview = await getBillingOverview(ctxOf(world, "billingAdmin"), {
      organizationId: world.organizationId,
    });
    expect(overview).toMatchObject({ status: "past_due", newDeploymentsBlocked: false });
    expect(overview.pastDueSince).toBeInstanceOf(Date);
    // Past the grace period.
    await db.billingSubscription.update({
      where: { organizationId: world.organizationId },
      data: { pastDueSince: new Date(Date.now() - 8 * 86_400_000) },
    });
    const deploymentsBefore = await db.deployment.findMany({
      where: { organizationId: world.organizationId },
      select: { id: true, status: true },
    });
    await expect(
      createDeployment(
        ctxOf(world, "organizationOwner"),
        {
          organizationId: world.organizationId,
          workspaceId: world.workspaceId,
          name: "blocked",
          spec: spec(),
        } as never,
        deploymentServices(),
      ),
    ).rejects.toMatchObject({ code: "PAYMENT_REQUIRED", limit: "payment" });
    expect(
      await db.deployment.findMany({
        where: { organizationId: world.organizationId },
        select: { id: true, status: true },
      }),
    ).toEqual(deploymentsBefore);
  });
});

describe("plan features over REST (billing on, a new organization on trial limits)", () => {
  it("answers 402 naming the limit and the plan that lifts it, for a Slack channel and the audit export", async () => {
    const api = restClient(services);
    const person = await signUpOverRest(api, "Trial");
    const slack = await api("POST", `/organizations/${person.organizationId}/notification-channels`, {
      token: person.token,
      body: {
        name: "on-call",
        settings: { kind: "SLACK", webhookUrl: "https://hooks.slack.example/services/T0/B0/x" },
      },
    });
    expect(slack.status).toBe(402);
    expect(slack.body.error).toMatchObject({
      code: "PAYMENT_REQUIRED",
      message:
        "a Slack alert channel is not included in your plan (no plan (trial limits)): upgrade to Team on the Billing page",
    });
    expect(await db.notificationChannel.count({ where: { organizationId: person.organizationId } })).toBe(0);
    const mail = await api("POST", `/organizations/${person.organizationId}/notification-channels`, {
      token: person.token,
      body: { name: "mail", settings: { kind: "EMAIL", recipients: ["ops@example.com"] } },
    });
    expect(mail.status).toBe(201);
    const exported = await api("GET", `/organizations/${person.organizationId}/audit-logs/export`, {
      token: person.token,
    });
    expect(exported.status).toBe(402);
    expect(exported.body.error).toMatchObject({
      code: "PAYMENT_REQUIRED",
      message: expect.stringMatching(/^audit log export is not included in your plan .*upgrade to Business/),
    });
  });
});

// Plan features enforced in the domain: alert channels of a paid kind and the audit log export
// are refused on the trial plan (billing on), allowed once Stripe's entitlements for a plan that
// grants them are mirrored, and never limited with billing off.
import { randomUUID } from "node:crypto";
import { loadBillingPlans } from "@skyport/config";
import {
  createChannel,
  createSecretBox,
  createStripeClient,
  exportAuditEvents,
  PLAN_ALERT_CHANNEL_KINDS,
  PlanLimitError,
  parseKeyring,
  seedStripeCatalog,
  startCheckout,
  syncBillingCustomer,
  updateChannel,
} from "@skyport/domain";
import { buildWorld, createTestDatabase, type World } from "@skyport/testing";
import { startLocalStripe } from "@skyport/testing/stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { personaContexts } from "../workspace-support.ts";

const { db } = await createTestDatabase();
const local = await startLocalStripe({ webhook: null });
afterAll(() => local.close());
const stripe = createStripeClient({ secretKey: local.secretKey, apiUrl: local.url });
const plans = loadBillingPlans();
await seedStripeCatalog(stripe, plans);
const billing = { stripe, plans, publicUrl: "http://skyport.test" };
const secrets = createSecretBox({ keyring: parseKeyring(`k1:${Buffer.alloc(32, 7).toString("base64")}`) });
const as = personaContexts(db);

const slack = () => ({
  kind: "SLACK" as const,
  webhookUrl: `https://hooks.slack.example/services/${randomUUID()}`,
});

/** Checkout for a plan completed on the stand-in's hosted page, then the webhook job's sync. */
async function subscribe(world: World, plan: string) {
  const { url } = await startCheckout(
    { ...as(world, "organizationOwner"), billing },
    {
      organizationId: world.organizationId,
      plan,
    },
  );
  expect((await fetch(`${url}/complete`, { method: "POST" })).status).toBe(200);
  const customer = await db.billingCustomer.findUniqueOrThrow({
    where: { organizationId: world.organizationId },
  });
  await syncBillingCustomer(db, billing, customer.stripeCustomerId);
}

async function exportAll(world: World, billingPlans: typeof plans | null) {
  const lines: number[] = [];
  const ctx = { db, actor: world.actor("organizationOwner"), billingPlans };
  for await (const event of exportAuditEvents(ctx, { organizationId: world.organizationId })) {
    lines.push(event.sequence);
  }
  return lines;
}

describe("alert channels of a paid kind", () => {
  let trial: World;
  beforeAll(async () => {
    trial = await buildWorld(db);
  });
  const channelCtx = (world: World, billingPlans: typeof plans | null) => ({
    ...as(world, "organizationOwner"),
    secrets,
    billingPlans,
  });

  it("the trial plan lacks them: Slack, PagerDuty, Opsgenie and webhook need a plan with alert channels", () => {
    expect(plans.plans.find((p) => p.key === plans.trial.plan)?.features).not.toContain("alert_channels");
    expect(PLAN_ALERT_CHANNEL_KINDS).toEqual(["SLACK", "PAGERDUTY", "OPSGENIE", "WEBHOOK"]);
  });

  it("billing on, trial: a Slack channel is refused naming the limit and Team; nothing is written", async () => {
    const refusal = createChannel(channelCtx(trial, plans), {
      organizationId: trial.organizationId,
      name: "on-call",
      shared: false,
      settings: slack(),
    });
    await expect(refusal).rejects.toBeInstanceOf(PlanLimitError);
    await expect(refusal).rejects.toMatchObject({
      code: "PAYMENT_REQUIRED",
      limit: "alert_channels",
      liftedBy: "Team",
      message:
        "a Slack alert channel is not included in your plan (no plan (trial limits)): upgrade to Team on the Billing page",
    });
    expect(await db.notificationChannel.count({ where: { organizationId: trial.organizationId } })).toBe(0);
    expect(
      await db.auditEvent.count({
        where: { organizationId: trial.organizationId, action: "notificationChannel.create" },
      }),
    ).toBe(0);
  });

  it("billing on, trial: e-mail channels stay available", async () => {
    const channel = await createChannel(channelCtx(trial, plans), {
      organizationId: trial.organizationId,
      name: "mail",
      shared: false,
      settings: { kind: "EMAIL", recipients: ["ops@example.com"] },
    });
    expect(channel.kind).toBe("EMAIL");
  });

  it("billing off: a Slack channel is created for the same organization", async () => {
    const channel = await createChannel(channelCtx(trial, null), {
      organizationId: trial.organizationId,
      name: "slack-billing-off",
      shared: false,
      settings: slack(),
    });
    expect(channel.kind).toBe("SLACK");
    // With billing on again, changing it is refused (it keeps delivering as it is).
    await expect(
      updateChannel(channelCtx(trial, plans), {
        organizationId: trial.organizationId,
        channelId: channel.id,
        name: "renamed",
      }),
    ).rejects.toMatchObject({ code: "PAYMENT_REQUIRED", limit: "alert_channels", liftedBy: "Team" });
  });

  it("after subscribing to Team (entitlements mirrored): Slack channels are created and changed", async () => {
    const world = await buildWorld(db);
    await subscribe(world, "team");
    const channel = await createChannel(channelCtx(world, plans), {
      organizationId: world.organizationId,
      name: "slack",
      shared: false,
      settings: slack(),
    });
    const renamed = await updateChannel(channelCtx(world, plans), {
      organizationId: world.organizationId,
      channelId: channel.id,
      name: "slack-renamed",
    });
    expect(renamed.name).toBe("slack-renamed");
  });
});

describe("audit log export", () => {
  it("billing on: refused on the trial and on Team (naming Business), allowed on Business; billing off: allowed", async () => {
    const world = await buildWorld(db);
    await createChannel(
      { ...as(world, "organizationOwner"), secrets, billingPlans: plans },
      {
        organizationId: world.organizationId,
        name: "mail",
        shared: false,
        settings: { kind: "EMAIL", recipients: ["ops@example.com"] },
      },
    );
    const refusal = exportAll(world, plans);
    await expect(refusal).rejects.toBeInstanceOf(PlanLimitError);
    await expect(refusal).rejects.toMatchObject({
      limit: "audit_export",
      liftedBy: "Business",
      message: expect.stringContaining("audit log export is not included in your plan"),
    });
    const withoutBilling = await exportAll(world, null);
    expect(withoutBilling).toHaveLength(1);

    const team = await buildWorld(db);
    await subscribe(team, "team");
    await expect(exportAll(team, plans)).rejects.toMatchObject({
      limit: "audit_export",
      liftedBy: "Business",
    });

    const business = await buildWorld(db);
    await subscribe(business, "business");
    const exported = await exportAll(business, plans);
    const count = await db.auditEvent.count({ where: { organizationId: business.organizationId } });
    expect(exported).toHaveLength(count);
  });
});

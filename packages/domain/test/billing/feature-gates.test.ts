// Plan features enforced in the domain: alert channels of a paid kind and the audit log export
// are refused on the trial plan (billing on), allowed once Stripe's entitlements for a plan that
// grants them are mirrored, and never limited with billing off.
import { randomUUID } from "node:crypto";
import {
  createChannel,
  createSecretBox,
  exportAuditEvents,
  PLAN_ALERT_CHANNEL_KINDS,
  PlanLimitError,
  parseKeyring,
  updateChannel,
} from "@skyport/domain";
import { buildWorld, type World } from "@skyport/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { billingOnTestDatabase } from "./support.ts";

const { db, plans, as, subscribe } = await billingOnTestDatabase();
const secrets = createSecretBox({ keyring: parseKeyring(`k1:${Buffer.alloc(32, 7).toString("base64")}`) });

const slack = () => ({
  kind: "SLACK" as const,
  webhookUrl: `https://hooks.slack.example/services/${randomUUID()}`,
});

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

// Editing a notification channel: name, sharing and settings change in one audited step; new
// settings replace the secret write-only (sealed anew, never in a view, an audit event or the
// row's readable columns), the kind stays, and sharing cannot be withdrawn from rules below.
import { randomUUID } from "node:crypto";
import {
  ConflictError,
  createChannel,
  createRule,
  createSecretBox,
  ForbiddenError,
  loadDelivery,
  parseKeyring,
  testChannel,
  updateChannel,
  ValidationError,
} from "@skyport/domain";
import { worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { personaContexts, withAudit } from "../workspace-support.ts";

const { db, world } = await worldOnTestDatabase();
const { organizationId, workspaceId, deploymentId } = world;
const secrets = createSecretBox({ keyring: parseKeyring(`k1:${Buffer.alloc(32, 7).toString("base64")}`) });
const as = personaContexts(db);
const operator = () => ({ ...as(world, "workspaceOperator"), secrets });

const OLD_URL = `https://hooks.slack.example/services/T0/B0/${randomUUID()}`;
const NEW_URL = `https://hooks.slack.example/services/T1/B1/${randomUUID()}`;

function slackChannel(name = `slack-${randomUUID().slice(0, 6)}`) {
  return createChannel(operator(), {
    organizationId,
    workspaceId,
    name,
    shared: true,
    settings: { kind: "SLACK", webhookUrl: OLD_URL },
  });
}

/** The secret a test delivery through the channel opens, as the delivery job loads it. */
async function deliveredSecret(channelId: string) {
  const delivery = await testChannel(as(world, "workspaceOperator"), { organizationId, channelId });
  return (await loadDelivery(db, secrets, delivery.id, "https://skyport.example.test"))?.secret;
}

describe("updating a notification channel", () => {
  it("replaces the secret write-only: the delivery job opens the new one, nothing shows either", async () => {
    const channel = await slackChannel();
    const before = await db.notificationChannel.findUniqueOrThrow({ where: { id: channel.id } });
    const { result, events } = await withAudit(db, [organizationId], () =>
      updateChannel(operator(), {
        organizationId,
        channelId: channel.id,
        name: "renamed-slack",
        settings: { kind: "SLACK", webhookUrl: NEW_URL },
      }),
    );
    expect(result?.name).toBe("renamed-slack");
    expect(JSON.stringify(result)).not.toContain(NEW_URL);
    expect(events.map((event) => event.action)).toEqual(["notificationChannel.update"]);
    expect(events[0]?.metadata).toMatchObject({ secretReplaced: true, name: { to: "renamed-slack" } });
    expect(JSON.stringify(events)).not.toContain(NEW_URL);
    expect(JSON.stringify(events)).not.toContain(OLD_URL);

    const after = await db.notificationChannel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(after.valueVersion).toBe(before.valueVersion + 1);
    const raw = await db.$queryRaw<Array<{ row: string }>>`
      SELECT row_to_json(c)::text AS row FROM "NotificationChannel" c WHERE c."id" = ${channel.id}`;
    expect(raw[0]?.row).not.toContain(NEW_URL);

    expect(await deliveredSecret(channel.id)).toEqual({ kind: "SLACK", webhookUrl: NEW_URL });
  });

  it("keeps the secret when only the name or sharing changes", async () => {
    const channel = await slackChannel();
    const updated = await updateChannel(operator(), { organizationId, channelId: channel.id, shared: false });
    expect(updated.shared).toBe(false);
    expect(await deliveredSecret(channel.id)).toEqual({ kind: "SLACK", webhookUrl: OLD_URL });
  });

  it("refuses another kind, naming settings.kind, and writes nothing", async () => {
    const channel = await slackChannel();
    const { events } = await withAudit(db, [organizationId], async () => {
      const error = await updateChannel(operator(), {
        organizationId,
        channelId: channel.id,
        name: "not-written",
        settings: { kind: "PAGERDUTY", routingKey: "rk-never-stored" },
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe("settings.kind");
    });
    expect(events).toEqual([]);
    const row = await db.notificationChannel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(row.name).toBe(channel.name);
    expect(row.kind).toBe("SLACK");
  });

  it("lets members only read", async () => {
    const channel = await slackChannel();
    await expect(
      updateChannel(
        { ...as(world, "workspaceMember"), secrets },
        { organizationId, channelId: channel.id, name: "x" },
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("refuses to stop sharing a channel a deployment's rule notifies", async () => {
    const channel = await slackChannel();
    await createRule(as(world, "workspaceOperator"), {
      organizationId,
      workspaceId,
      deploymentId,
      name: `uses-shared-${randomUUID().slice(0, 6)}`,
      type: "DAG_FAILURE",
      severity: "WARNING",
      patterns: [],
      properties: {},
      channelIds: [channel.id],
    });
    const error = await updateChannel(operator(), {
      organizationId,
      channelId: channel.id,
      shared: false,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).field).toBe("shared");
    const row = await db.notificationChannel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(row.shared).toBe(true);
  });
});

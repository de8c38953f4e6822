// One notification, two deliverers at once (a BullMQ job run again while its first run is still
// sending: a stalled lock under load, or a second worker): the receiver gets exactly one request.
// The guarantee is the database's: a delivery is claimed by a conditional update before it is sent.
import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createChannel, createSecretBox, parseKeyring, testChannel } from "@skyport/domain";
import { createLogger } from "@skyport/logger";
import { createMailer } from "@skyport/mail";
import { buildWorld, createTestDatabase } from "@skyport/testing";
import type { Job } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { alertDeliveryHandler } from "../src/jobs/alerts.ts";
import { startReceiver } from "./support/receivers.ts";

const { db } = await createTestDatabase();
const world = await buildWorld(db);
const { organizationId, workspaceId } = world;
const secrets = createSecretBox({ keyring: parseKeyring(`race:${Buffer.alloc(32, 5).toString("base64")}`) });
const logger = createLogger({ name: "alert-race-test", level: "silent" });
const slack = await startReceiver();
afterAll(() => slack.close());

const deliver = alertDeliveryHandler({
  db,
  secrets,
  // Slack only here: the mailer is the development mailbox, never used.
  mailer: createMailer(
    { transport: "mailbox", from: "Skyport <skyport@example.test>", stateDir: null },
    logger,
    { mailboxDir: await mkdtemp(join(tmpdir(), "alert-race-")) },
  ),
  logger,
  publicUrl: "https://skyport.example.test",
});

/** The same queued job as BullMQ hands it to each run (same id, same payload). */
const runOf = (deliveryId: string) => ({ id: deliveryId, data: { deliveryId } }) as unknown as Job;

describe("concurrent delivery of one notification", () => {
  it("sends it once: the second deliverer finds it claimed and skips", async () => {
    const channel = await createChannel(
      {
        db,
        actor: world.actor("workspaceOperator"),
        context: { ip: null, userAgent: null, requestId: null },
        secrets,
      },
      {
        organizationId,
        workspaceId,
        name: `race-${randomUUID().slice(0, 6)}`,
        shared: true,
        settings: { kind: "SLACK", webhookUrl: `${slack.url}/services/T0/B0/race` },
      },
    );
    const delivery = await testChannel(
      {
        db,
        actor: world.actor("workspaceOperator"),
        context: { ip: null, userAgent: null, requestId: null },
      },
      { organizationId, channelId: channel.id },
    );
    const outcomes = await Promise.all([
      deliver(runOf(delivery.id), "lock-a"),
      deliver(runOf(delivery.id), "lock-b"),
      deliver(runOf(delivery.id), "lock-c"),
    ]);
    expect(slack.requests).toHaveLength(1);
    expect(outcomes.filter((outcome) => "delivered" in outcome && outcome.delivered)).toHaveLength(1);
    const row = await db.alertDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(row).toMatchObject({ status: "DELIVERED", attempts: 1 });
    expect(await db.alertDeliveryAttempt.count({ where: { deliveryId: delivery.id } })).toBe(1);
  });
});

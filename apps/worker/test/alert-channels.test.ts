// Alert notifications end to end in the real worker, against real receivers at each protocol's
// boundary: a FAIL event derived into a failed run opens one incident that reaches Slack
// (Block Kit with a link to the run), PagerDuty Events v2, Opsgenie, a Standard Webhooks
// endpoint (signature checked by svix and by the spec with node:crypto) and e-mail through a
// real SMTP server; receivers answering 429 or 500 are retried (Retry-After honoured) under
// the same ids; the next success resolves the incident everywhere; test notifications.
import { randomBytes, randomUUID } from "node:crypto";
import {
  createChannel,
  createRule,
  createSecretBox,
  ingestLineageEvents,
  parseKeyring,
  testChannel,
} from "@skyport/domain";
import { createLogger } from "@skyport/logger";
import { createRedisConnection, JobProducer, jobs } from "@skyport/queue";
import {
  buildWorld,
  createTestDatabase,
  dagRunEvents,
  newDeployment,
  testRedis,
  waitFor,
} from "@skyport/testing";
import { Webhook as SvixWebhook } from "svix";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSkyportWorker } from "../src/worker.ts";
import {
  type ReceivedRequest,
  type Receiver,
  startReceiver,
  verifyStandardWebhook,
} from "./support/receivers.ts";
import { parseMessage, startSmtpServer } from "./support/smtp.ts";

const { db, url: databaseUrl } = await createTestDatabase();
const { url: redisUrl, prefix } = testRedis();
const redis = createRedisConnection(redisUrl, { maxRetriesPerRequest: 1 });
await redis.connect();
afterAll(() => redis.disconnect());
const world = await buildWorld(db);
const { organizationId, workspaceId } = world;
const KEK = "alerts-test:YWxlcnRzLXRlc3Qta2VrLTAxMjM0NTY3ODlhYmNkZWY=";
const secrets = createSecretBox({ keyring: parseKeyring(KEK) });
const PUBLIC_URL = "https://skyport.example.test";
const operator = {
  db,
  actor: world.actor("workspaceOperator"),
  context: { ip: null, userAgent: null, requestId: null },
};

const ROUTING_KEY = `R${randomBytes(15).toString("hex")}`;
const GENIE_KEY = randomUUID();
const SIGNING_SECRET = `whsec_${randomBytes(32).toString("base64")}`;

/** The Standard Webhooks signature check, written from the specification. */
const verifyBySpec = (request: ReceivedRequest) => verifyStandardWebhook(request, SIGNING_SECRET);

/** The alert clock the worker reads (real time unless a test moves it). */
let fakeNow: Date | null = null;

const json = (request: ReceivedRequest | undefined) => JSON.parse(request?.body ?? "null");

describe("alert notifications in the worker", () => {
  let slack: Receiver;
  let pagerDuty: Receiver;
  let opsgenie: Receiver;
  let webhook: Receiver;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let worker: ReturnType<typeof createSkyportWorker>;
  const producer = new JobProducer(redis, prefix);
  const channelIds: Record<string, string> = {};

  beforeAll(async () => {
    [slack, pagerDuty, opsgenie, webhook] = await Promise.all([
      startReceiver(),
      startReceiver(),
      startReceiver(),
      startReceiver(),
    ]);
    pagerDuty.answer = () => ({ status: 202, body: '{"status":"success"}' });
    opsgenie.answer = () => ({ status: 202, body: '{"result":"Request will be processed"}' });
    smtp = await startSmtpServer();
    worker = createSkyportWorker(
      {
        REDIS_URL: redisUrl,
        DATABASE_URL: databaseUrl,
        SKYPORT_SECRET: "worker-alerts-secret-0123456789abcdefghijk",
        SKYPORT_KEK: KEK,
        SKYPORT_PUBLIC_URL: PUBLIC_URL,
        SMTP_URL: `smtp://skyport:smtp-pass@127.0.0.1:${smtp.port}`,
        SMTP_FROM: "Skyport <skyport@example.test>",
        WORKER_CONCURRENCY: 2,
        WORKER_SHUTDOWN_TIMEOUT_MS: 5_000,
      },
      createLogger({ name: "alerts-test", level: "silent" }),
      {
        prefix,
        alerts: {
          clock: () => fakeNow ?? new Date(),
          endpoints: {
            pagerDuty: `${pagerDuty.url}/v2/enqueue`,
            opsgenie: { US: opsgenie.url, EU: opsgenie.url },
          },
          retry: { baseDelayMs: 100, timeoutMs: 3_000 },
        },
      },
    );
    await worker.start();
    const create = (name: string, settings: Parameters<typeof createChannel>[1]["settings"]) =>
      createChannel({ ...operator, secrets }, { organizationId, workspaceId, name, shared: true, settings });
    channelIds.slack = (
      await create("slack", { kind: "SLACK", webhookUrl: `${slack.url}/services/T1/B2/x3` })
    ).id;
    channelIds.pagerDuty = (await create("pagerduty", { kind: "PAGERDUTY", routingKey: ROUTING_KEY })).id;
    channelIds.opsgenie = (
      await create("opsgenie", { kind: "OPSGENIE", apiKey: GENIE_KEY, region: "US" })
    ).id;
    channelIds.webhook = (
      await create("webhook", {
        kind: "WEBHOOK",
        url: `${webhook.url}/hooks/skyport`,
        signingSecret: SIGNING_SECRET,
      })
    ).id;
    channelIds.email = (await create("email", { kind: "EMAIL", recipients: ["oncall@example.test"] })).id;
  });
  afterAll(async () => {
    await worker.stop();
    await producer.close();
    await Promise.all([slack, pagerDuty, opsgenie, webhook].map((r) => r.close()));
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  });

  async function reportRun(deploymentId: string, dagId: string, terminal: "COMPLETE" | "FAIL") {
    const runId = randomUUID();
    const now = Date.now();
    await ingestLineageEvents(
      db,
      { organizationId, deploymentId },
      dagRunEvents({ runId, dagId, terminal, startedAt: new Date(now), endedAt: new Date(now + 1_000) }),
      { batch: true },
    );
    await producer.enqueue(jobs.lineageDerive, { deploymentId, second: Math.floor(now / 1000) });
    return runId;
  }

  const settled = (incidentId: string, event: "TRIGGER" | "RESOLVE") =>
    waitFor(
      async () => {
        const rows = await db.alertDelivery.findMany({ where: { incidentId, event } });
        return rows.length === 5 && rows.every((row) => row.status !== "PENDING") ? rows : undefined;
      },
      30_000,
      `five ${event} deliveries`,
    );

  it("notifies every channel once per failed run, retrying 429 and 500 under the same ids, and resolves on the next success", async () => {
    const { deploymentId } = await newDeployment(db, world, "etl-prod");
    await createRule(operator, {
      organizationId,
      workspaceId,
      deploymentId,
      name: "nightly failures",
      type: "DAG_FAILURE",
      severity: "CRITICAL",
      patterns: [{ entity: "DAG_ID", operator: "IS", values: ["nightly*"] }],
      properties: {},
      channelIds: Object.values(channelIds),
    });
    slack.answer = (_request, index) =>
      index === 0
        ? { status: 429, headers: { "retry-after": "1" }, body: "rate_limited" }
        : { status: 200, body: "ok" };
    webhook.answer = (_request, index) => (index === 0 ? { status: 500 } : { status: 204 });

    const runId = await reportRun(deploymentId, "nightly_orders", "FAIL");
    const incident = await waitFor(
      () => db.alertIncident.findFirst({ where: { deploymentId } }),
      20_000,
      "an incident",
    );
    const triggers = await settled(incident.id, "TRIGGER");
    expect(triggers.map((row) => row.status)).toEqual(Array(5).fill("DELIVERED"));
    expect(incident).toMatchObject({ runId, dagId: "nightly_orders", status: "OPEN", severity: "CRITICAL" });
    const runUrl = `${PUBLIC_URL}/orgs/${organizationId}/deployments/${deploymentId}/runs/${runId}`;

    // Slack: the 429 was honoured (one retry, after Retry-After), one logical message.
    expect(slack.requests).toHaveLength(2);
    expect(slack.requests[1]?.body).toBe(slack.requests[0]?.body);
    expect((slack.requests[1]?.at ?? 0) - (slack.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(slack.requests[0]?.path).toBe("/services/T1/B2/x3");
    const slackBody = json(slack.requests[0]);
    expect(slackBody.text).toBe("[CRITICAL] DAG nightly_orders failed");
    expect(slackBody.blocks.map((block: { type: string }) => block.type)).toEqual([
      "header",
      "section",
      "actions",
      "context",
    ]);
    expect(slackBody.blocks[2].elements[0].url).toBe(runUrl);
    const slackDelivery = triggers.find((row) => row.channelId === channelIds.slack);
    const attempts = await db.alertDeliveryAttempt.findMany({
      where: { deliveryId: slackDelivery?.id },
      orderBy: { number: "asc" },
    });
    expect(attempts.map((a) => [a.number, a.statusCode, a.retryAfterMs])).toEqual([
      [1, 429, 1_000],
      [2, 200, null],
    ]);

    // PagerDuty Events v2: one trigger with the incident's stable dedup_key.
    expect(pagerDuty.requests).toHaveLength(1);
    expect(pagerDuty.requests[0]?.path).toBe("/v2/enqueue");
    const trigger = json(pagerDuty.requests[0]);
    expect(trigger).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: "trigger",
      dedup_key: `skyport-${incident.id}`,
      payload: {
        summary: "[CRITICAL] DAG nightly_orders failed",
        source: "etl-prod",
        severity: "critical",
        component: "nightly_orders",
        class: "DAG_FAILURE",
      },
      links: [{ href: runUrl, text: "Open in Skyport" }],
    });

    // Opsgenie: one create with the API key and the incident's alias.
    expect(opsgenie.requests).toHaveLength(1);
    expect(opsgenie.requests[0]?.path).toBe("/v2/alerts");
    expect(opsgenie.requests[0]?.headers.authorization).toBe(`GenieKey ${GENIE_KEY}`);
    expect(json(opsgenie.requests[0])).toMatchObject({
      alias: `skyport-${incident.id}`,
      priority: "P1",
      source: "Skyport",
      message: "[CRITICAL] DAG nightly_orders failed",
    });

    // Standard Webhooks: the 500 was retried with the same webhook-id; both signatures verify.
    expect(webhook.requests).toHaveLength(2);
    const webhookDelivery = triggers.find((row) => row.channelId === channelIds.webhook);
    for (const request of webhook.requests) {
      expect(request.headers["webhook-id"]).toBe(webhookDelivery?.id);
      expect(verifyBySpec(request)).toBe(true);
      const verified = new SvixWebhook(SIGNING_SECRET).verify(request.body, {
        "webhook-id": String(request.headers["webhook-id"]),
        "webhook-timestamp": String(request.headers["webhook-timestamp"]),
        "webhook-signature": String(request.headers["webhook-signature"]),
      }) as { type: string; data: { incident: { id: string; runId: string }; url: string } };
      expect(verified.type).toBe("alert.triggered");
      expect(verified.data.incident).toMatchObject({ id: incident.id, runId });
      expect(verified.data.url).toBe(runUrl);
    }
    expect(JSON.stringify(webhook.requests.map((r) => r.body))).not.toContain(SIGNING_SECRET);

    // E-mail: one message with HTML and text parts.
    const mails = smtp.received.filter((m) => m.to.includes("oncall@example.test"));
    expect(mails).toHaveLength(1);
    const mail = parseMessage(mails[0]?.raw ?? "");
    expect(mail.header("Subject")).toBe("Skyport: [CRITICAL] DAG nightly_orders failed");
    expect(mail.text).toContain("text/html");
    expect(mail.text).toContain(runUrl);

    // The next success resolves the incident, once per channel, under the same ids.
    await reportRun(deploymentId, "nightly_orders", "COMPLETE");
    const resolves = await settled(incident.id, "RESOLVE");
    expect(resolves.map((row) => row.status)).toEqual(Array(5).fill("DELIVERED"));
    expect(json(pagerDuty.requests[1])).toEqual({
      routing_key: ROUTING_KEY,
      event_action: "resolve",
      dedup_key: `skyport-${incident.id}`,
    });
    expect(opsgenie.requests[1]?.path).toBe(`/v2/alerts/skyport-${incident.id}/close?identifierType=alias`);
    expect(json(webhook.requests[2]).type).toBe("alert.resolved");
    expect(json(slack.requests[2]).text).toBe("[Resolved] DAG nightly_orders failed");
    expect(smtp.received.filter((m) => m.to.includes("oncall@example.test"))).toHaveLength(2);
    expect(pagerDuty.requests).toHaveLength(2);
    expect(opsgenie.requests).toHaveLength(2);
    expect((await db.alertIncident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe(
      "RESOLVED",
    );
  });

  it("sends a test notification through a channel, and does not retry a 400", async () => {
    const pagerDutyBefore = pagerDuty.requests.length;
    const delivery = await testChannel(operator, { organizationId, channelId: channelIds.pagerDuty ?? "" });
    await producer.enqueue(jobs.alertDelivery, { deliveryId: delivery.id });
    await waitFor(() => pagerDuty.requests.length > pagerDutyBefore, 15_000, "the test event");
    expect(json(pagerDuty.requests[pagerDutyBefore])).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: "trigger",
      dedup_key: `skyport-test-${delivery.id}`,
      payload: { class: "TEST" },
    });

    webhook.answer = () => ({ status: 400, body: "bad" });
    const before = webhook.requests.length;
    const refused = await testChannel(operator, { organizationId, channelId: channelIds.webhook ?? "" });
    await producer.enqueue(jobs.alertDelivery, { deliveryId: refused.id });
    const row = await waitFor(
      async () => {
        const found = await db.alertDelivery.findUnique({ where: { id: refused.id } });
        return found?.status === "FAILED" ? found : undefined;
      },
      15_000,
      "the refused delivery",
    );
    expect(row).toMatchObject({
      attempts: 1,
      lastStatusCode: 400,
      lastError: "the receiver answered HTTP 400",
    });
    expect(webhook.requests.length - before).toBe(1);
    expect(json(webhook.requests[before]).type).toBe("alert.test");
  });

  it("notifies a missed deadline from the alert clock while the runtime sends nothing at all", async () => {
    const { deploymentId } = await newDeployment(db, world, "silent-runtime");
    const now = Date.now();
    const deadline = new Date(now + 2 * 3_600_000);
    const hhmm = deadline.toISOString().slice(11, 16);
    await createRule(operator, {
      organizationId,
      workspaceId,
      deploymentId,
      name: "exports by deadline",
      type: "DAG_TIMELINESS",
      severity: "WARNING",
      patterns: [{ entity: "DAG_ID", operator: "IS", values: ["exports"] }],
      properties: { deadline: hhmm, timeZone: "UTC", lookBackSeconds: 3600 },
      channelIds: [channelIds.pagerDuty ?? ""],
    });
    const before = pagerDuty.requests.length;
    // Three hours later on the alert clock: one deadline has passed with no run at all.
    fakeNow = new Date(now + 3 * 3_600_000);
    try {
      const incident = await waitFor(
        () => db.alertIncident.findFirst({ where: { deploymentId } }),
        30_000,
        "the alert clock to notice the missed deadline",
      );
      const minute = new Date(deadline);
      minute.setUTCSeconds(0, 0);
      expect(incident).toMatchObject({
        dagId: "exports",
        key: `deadline:exports:${minute.toISOString()}`,
        status: "OPEN",
      });
      await waitFor(() => pagerDuty.requests.length > before, 15_000, "the page");
      expect(json(pagerDuty.requests[before])).toMatchObject({
        event_action: "trigger",
        dedup_key: `skyport-${incident.id}`,
        payload: { class: "DAG_TIMELINESS", severity: "warning" },
      });
      expect(await db.alertIncident.count({ where: { deploymentId } })).toBe(1);
    } finally {
      fakeNow = null;
    }
  });
});

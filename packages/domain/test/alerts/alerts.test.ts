// Alert rules and notification channels in the domain: roles (operators manage, members read),
// one audit event per change with no secret in it, channel secrets sealed and rotated with the
// organization's data key, sharing downwards, clear field errors with nothing written, and the
// engine's persistence (one incident per occurrence, deliveries per channel, resolves).
import { randomUUID } from "node:crypto";
import {
  ConflictError,
  type CreateRuleInput,
  createChannel,
  createRule,
  createSecretBox,
  deleteChannel,
  deleteRule,
  deriveDeploymentLineage,
  evaluateDeploymentAlerts,
  ForbiddenError,
  getChannel,
  ingestLineageEvents,
  listChannels,
  listIncidents,
  listRules,
  loadDelivery,
  muteRule,
  NotFoundError,
  parseKeyring,
  RULE_DISABLED_REASON,
  recordDeliveryAttempt,
  rotateOrganizationDataKey,
  testChannel,
  updateRule,
  ValidationError,
} from "@skyport/domain";
import { dagRunEvents, newDeployment, worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { personaContexts, withAudit } from "../workspace-support.ts";

const { db, world } = await worldOnTestDatabase();
const { organizationId, workspaceId, deploymentId } = world;
const keyring = parseKeyring(`k1:${Buffer.alloc(32, 9).toString("base64")}`);
const secrets = createSecretBox({ keyring });
const as = personaContexts(db);
const withSecrets = (persona: Parameters<typeof as>[1]) => ({ ...as(world, persona), secrets });

const SLACK_URL = `https://hooks.slack.example/services/T000/B000/${randomUUID()}`;
const ROUTING_KEY = `rk-${randomUUID()}`;

async function slackChannel(name = `slack-${randomUUID().slice(0, 6)}`, owner: object = { workspaceId }) {
  return createChannel(withSecrets("workspaceOperator"), {
    organizationId,
    ...owner,
    name,
    shared: true,
    settings: { kind: "SLACK", webhookUrl: SLACK_URL },
  });
}

/** A workspace-wide rule created by the workspace operator (INFO, no patterns, no channels unless given). */
function workspaceRule(rule: Pick<CreateRuleInput, "name" | "type"> & Partial<CreateRuleInput>) {
  return createRule(as(world, "workspaceOperator"), {
    organizationId,
    workspaceId,
    severity: "INFO",
    patterns: [],
    properties: {},
    channelIds: [],
    ...rule,
  });
}

describe("notification channels", () => {
  it("seals the secret: no view, audit event or stored byte shows it, and the delivery job opens it", async () => {
    const { result, events } = await withAudit(db, [organizationId], () =>
      createChannel(withSecrets("workspaceOperator"), {
        organizationId,
        workspaceId,
        name: "on-call",
        shared: true,
        settings: { kind: "PAGERDUTY", routingKey: ROUTING_KEY },
      }),
    );
    expect(result?.kind).toBe("PAGERDUTY");
    expect(JSON.stringify(result)).not.toContain(ROUTING_KEY);
    expect(events).toHaveLength(1);
    expect(events[0]?.action).toBe("notificationChannel.create");
    expect(JSON.stringify(events)).not.toContain(ROUTING_KEY);
    const raw = await db.$queryRaw<Array<{ row: string }>>`
      SELECT row_to_json(c)::text AS row FROM "NotificationChannel" c WHERE c."id" = ${result?.id}`;
    expect(raw[0]?.row).not.toContain(ROUTING_KEY);
    const listed = await listChannels(as(world, "workspaceMember"), { organizationId, workspaceId });
    expect(JSON.stringify(listed)).not.toContain(ROUTING_KEY);
    expect(listed.items.map((c) => c.name)).toContain("on-call");

    const delivery = await testChannel(as(world, "workspaceOperator"), {
      organizationId,
      channelId: result?.id ?? "",
    });
    const loaded = await loadDelivery(db, secrets, delivery.id, "https://skyport.example.test");
    expect(loaded?.secret).toEqual({ kind: "PAGERDUTY", routingKey: ROUTING_KEY });
    expect(loaded?.message.event).toBe("TEST");
  });

  it("keeps the secret readable after the organization's data key is rotated", async () => {
    const channel = await slackChannel();
    const before = await db.notificationChannel.findUniqueOrThrow({ where: { id: channel.id } });
    await rotateOrganizationDataKey({ db, keyring, organizationId });
    const after = await db.notificationChannel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(Buffer.from(after.secretCiphertext ?? []).equals(Buffer.from(before.secretCiphertext ?? []))).toBe(
      false,
    );
    const delivery = await testChannel(as(world, "workspaceOperator"), {
      organizationId,
      channelId: channel.id,
    });
    const loaded = await loadDelivery(db, secrets, delivery.id, "https://skyport.example.test");
    expect(loaded?.secret).toEqual({ kind: "SLACK", webhookUrl: SLACK_URL });
  });

  it("lets operators manage and members only read; outsiders see nothing", async () => {
    const input = {
      organizationId,
      workspaceId,
      name: "members-cannot",
      shared: true,
      settings: { kind: "EMAIL" as const, recipients: ["team@example.test"] },
    };
    await expect(createChannel(withSecrets("workspaceMember"), input)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createChannel(withSecrets("workspaceAuthor"), input)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createChannel(withSecrets("outsider"), input)).rejects.toBeInstanceOf(NotFoundError);
    const channel = await createChannel(withSecrets("workspaceOperator"), input);
    expect(channel.recipients).toEqual(["team@example.test"]);
    await expect(
      getChannel(as(world, "outsider"), { organizationId, channelId: channel.id }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      deleteChannel(as(world, "workspaceMember"), { organizationId, channelId: channel.id }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createChannel(withSecrets("workspaceOperator"), { ...input })).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it("shares channels downwards only when shared", async () => {
    const orgShared = await createChannel(withSecrets("organizationOwner"), {
      organizationId,
      name: `org-shared-${randomUUID().slice(0, 6)}`,
      shared: true,
      settings: { kind: "EMAIL", recipients: ["a@example.test"] },
    });
    const orgPrivate = await createChannel(withSecrets("organizationOwner"), {
      organizationId,
      name: `org-private-${randomUUID().slice(0, 6)}`,
      shared: false,
      settings: { kind: "EMAIL", recipients: ["b@example.test"] },
    });
    const atDeployment = await listChannels(as(world, "deploymentAdmin"), { organizationId, deploymentId });
    const names = atDeployment.items.map((c) => c.id);
    expect(names).toContain(orgShared.id);
    expect(names).not.toContain(orgPrivate.id);
    await expect(
      workspaceRule({ name: "uses-private", type: "DAG_FAILURE", channelIds: [orgPrivate.id] }),
    ).rejects.toThrow(/channelIds: no notification channel .* is usable here/);
  });
});

describe("alert rules", () => {
  it("validates type-specific properties naming the field, writing nothing", async () => {
    const { error, events } = await withAudit(db, [organizationId], () =>
      createRule(as(world, "workspaceOperator"), {
        organizationId,
        workspaceId,
        deploymentId,
        name: "too-short",
        type: "DAG_DURATION",
        severity: "CRITICAL",
        patterns: [],
        properties: { durationSeconds: 30 },
        channelIds: [],
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe("properties.durationSeconds");
    expect(events).toEqual([]);
    const refusals: Array<[string, CreateRuleInput["type"], Record<string, unknown>, RegExp]> = [
      [
        "bad-zone",
        "DAG_TIMELINESS",
        { deadline: "09:00", timeZone: "Mars/Olympus", lookBackSeconds: 3600 },
        /properties.timeZone/,
      ],
      [
        "bad-history",
        "DURATION_ANOMALY",
        { historySize: 10, minHistory: 12 },
        /properties.minHistory must not be larger than properties.historySize/,
      ],
      [
        "bad-condition",
        "DEPLOYMENT_HEALTH",
        { condition: "ON_FIRE" },
        /properties.condition must be one of SCHEDULER_HEARTBEAT_MISSING/,
      ],
    ];
    for (const [name, type, properties, message] of refusals) {
      await expect(workspaceRule({ name, type, properties })).rejects.toThrow(message);
    }
    expect(
      await db.alertRule.count({
        where: { name: { in: ["too-short", "bad-zone", "bad-history", "bad-condition"] } },
      }),
    ).toBe(0);
  });

  it("creates, lists, updates, mutes and deletes with one audit event each", async () => {
    const channel = await slackChannel();
    const created = await withAudit(db, [organizationId], () =>
      createRule(as(world, "workspaceOperator"), {
        organizationId,
        workspaceId,
        deploymentId,
        name: "etl failures",
        type: "TASK_FAILURE",
        severity: "CRITICAL",
        patterns: [{ entity: "DAG_ID", operator: "IS", values: ["etl_*"] }],
        properties: {},
        channelIds: [channel.id],
      }),
    );
    const rule = created.result;
    if (!rule) throw created.error;
    expect(rule.properties).toEqual({ taskFailureMode: "EVERY_TRY" });
    expect(created.events.map((e) => e.action)).toEqual(["alertRule.create"]);
    await expect(
      updateRule(as(world, "workspaceMember"), { organizationId, ruleId: rule.id, severity: "INFO" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const listed = await listRules(as(world, "workspaceMember"), { organizationId, deploymentId });
    expect(listed.items.map((r) => r.id)).toContain(rule.id);
    const updated = await withAudit(db, [organizationId], () =>
      updateRule(as(world, "deploymentAdmin"), {
        organizationId,
        ruleId: rule.id,
        properties: { taskFailureMode: "RETRIES_EXHAUSTED" },
        channelIds: [],
      }),
    );
    expect(updated.result?.properties).toEqual({ taskFailureMode: "RETRIES_EXHAUSTED" });
    expect(updated.result?.channelIds).toEqual([]);
    expect(updated.events.map((e) => e.action)).toEqual(["alertRule.update"]);
    const until = new Date(Date.now() + 3_600_000);
    const muted = await muteRule(as(world, "workspaceOperator"), { organizationId, ruleId: rule.id, until });
    expect(muted.mutedUntil).toEqual(until);
    const deleted = await withAudit(db, [organizationId], () =>
      deleteRule(as(world, "workspaceOperator"), { organizationId, ruleId: rule.id }),
    );
    expect(deleted.events.map((e) => e.action)).toEqual(["alertRule.delete"]);
    expect(await db.alertRule.count({ where: { id: rule.id } })).toBe(0);
  });
});

describe("engine persistence", () => {
  it("opens one incident per failed run however often it evaluates, delivers per channel, resolves on success", async () => {
    const { deployment, rule } = await failureRuleOnNewDeployment({}, 2);
    const base = Date.now() + 1_000;
    const later = { now: new Date(base + 30 * 60_000) };
    const [failed] = await reportRuns(deployment.id, base, [{ dag: "nightly", outcome: "FAIL" }]);
    const first = await evaluateDeploymentAlerts(db, deployment.id, later);
    const again = await evaluateDeploymentAlerts(db, deployment.id, later);
    expect(first).toMatchObject({ opened: 1, resolved: 0 });
    expect(first.deliveryIds).toHaveLength(2);
    expect(again).toEqual({ opened: 0, resolved: 0, deliveryIds: [] });

    await reportRuns(deployment.id, base, [{ dag: "nightly", outcome: "COMPLETE", start: 10 }]);
    const resolved = await evaluateDeploymentAlerts(db, deployment.id, later);
    expect(resolved).toMatchObject({ opened: 0, resolved: 1 });
    const deliveries = await db.alertDelivery.findMany({
      where: { incident: { ruleId: rule.id } },
      select: { event: true, channelId: true },
      orderBy: [{ event: "asc" }, { channelId: "asc" }],
    });
    expect(deliveries.map((d) => d.event).sort()).toEqual(["RESOLVE", "RESOLVE", "TRIGGER", "TRIGGER"]);
    const incidents = await listIncidents(as(world, "workspaceMember"), {
      organizationId,
      deploymentId: deployment.id,
    });
    expect(incidents.items.map((i) => [i.runId, i.status])).toEqual([[failed, "RESOLVED"]]);
  });
});

/** A new deployment with a DAG_FAILURE rule notifying new Slack channels (one by default). */
async function failureRuleOnNewDeployment(properties: Record<string, unknown>, channels = 1) {
  const deployment = await newDeployment(db, world).then((d) => ({ id: d.deploymentId }));
  const channelIds: string[] = [];
  for (let i = 0; i < channels; i += 1) channelIds.push((await slackChannel()).id);
  const rule = await createRule(as(world, "workspaceOperator"), {
    organizationId,
    workspaceId,
    deploymentId: deployment.id,
    name: `failures-${randomUUID().slice(0, 6)}`,
    type: "DAG_FAILURE",
    severity: "WARNING",
    patterns: [],
    properties,
    channelIds,
  });
  return { deployment, rule };
}

/**
 * Reports runs to a deployment and derives them: each run STARTs `start` minutes after `base`
 * (default 0) and ends with its outcome 5 minutes later. Answers the run ids, in order.
 */
async function reportRuns(
  deploymentId: string,
  base: number,
  runs: ReadonlyArray<{ dag: string; outcome: "FAIL" | "COMPLETE"; start?: number }>,
): Promise<string[]> {
  const at = (minutes: number) => new Date(base + minutes * 60_000);
  const reported = runs.map((run) => ({ ...run, runId: randomUUID() }));
  const events = reported.flatMap(({ runId, dag, outcome, start = 0 }) =>
    dagRunEvents({ runId, dagId: dag, terminal: outcome, startedAt: at(start), endedAt: at(start + 5) }),
  );
  await ingestLineageEvents(db, { organizationId, deploymentId }, events, { batch: true });
  await deriveDeploymentLineage(db, deploymentId, { settleMs: 0 });
  return reported.map((run) => run.runId);
}

describe("flapping grouping and muting one DAG", () => {
  it("groups a flapping DAG's failures into one incident with a count, notified once, resolved after a quiet window", async () => {
    const { deployment, rule } = await failureRuleOnNewDeployment({ groupWindowSeconds: 3600 });
    const base = Date.now() + 1_000;
    const minute = (n: number) => new Date(base + n * 60_000);
    const run = async (outcome: "FAIL" | "COMPLETE", start: number) =>
      (await reportRuns(deployment.id, base, [{ dag: "flaky", outcome, start }]))[0];
    // fail, succeed, fail, succeed, fail: every 20 minutes, all within the hour of the previous failure.
    const firstFailure = await run("FAIL", 0);
    await evaluateDeploymentAlerts(db, deployment.id, { now: minute(6) });
    await run("COMPLETE", 20);
    await evaluateDeploymentAlerts(db, deployment.id, { now: minute(26) });
    await run("FAIL", 40);
    await run("COMPLETE", 60);
    await evaluateDeploymentAlerts(db, deployment.id, { now: minute(66) });
    await run("FAIL", 80);
    await run("COMPLETE", 100);
    const grouped = await evaluateDeploymentAlerts(db, deployment.id, { now: minute(106) });
    expect(grouped).toMatchObject({ opened: 0, resolved: 0, deliveryIds: [] });
    const [incident] = await db.alertIncident.findMany({ where: { ruleId: rule.id } });
    expect(incident).toMatchObject({ runId: firstFailure, occurrences: 3, status: "OPEN" });
    expect(incident?.lastOccurredAt).toEqual(minute(85));
    expect(incident?.summary).toContain("failed 3 times");
    // An hour after the last failure, with a success since: resolved, at that moment.
    const quiet = await evaluateDeploymentAlerts(db, deployment.id, { now: minute(146) });
    expect(quiet).toMatchObject({ opened: 0, resolved: 1 });
    const after = await db.alertIncident.findMany({ where: { ruleId: rule.id } });
    expect(after.map((i) => [i.status, i.resolvedAt?.toISOString()])).toEqual([
      ["RESOLVED", minute(145).toISOString()],
    ]);
    const deliveries = await db.alertDelivery.findMany({ where: { incident: { ruleId: rule.id } } });
    expect(deliveries.map((d) => d.event).sort()).toEqual(["RESOLVE", "TRIGGER"]);
  });

  it("mutes one DAG of a rule for a while, audited: its incidents are recorded, not notified; other DAGs still are", async () => {
    const { deployment, rule } = await failureRuleOnNewDeployment({});
    const until = new Date(Date.now() + 3_600_000);
    await expect(
      muteRule(as(world, "workspaceMember"), { organizationId, ruleId: rule.id, until, dagId: "noisy" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const muted = await withAudit(db, [organizationId], () =>
      muteRule(as(world, "workspaceOperator"), { organizationId, ruleId: rule.id, until, dagId: "noisy" }),
    );
    expect(muted.result?.mutes).toEqual([{ dagId: "noisy", taskId: null, until }]);
    expect(muted.result?.mutedUntil).toBeNull();
    expect(muted.events.map((e) => [e.action, e.metadata])).toEqual([
      ["alertRule.mute", { mutedUntil: until.toISOString(), dagId: "noisy", taskId: null }],
    ]);
    const base = Date.now() + 1_000;
    await reportRuns(deployment.id, base, [
      { dag: "noisy", outcome: "FAIL" },
      { dag: "quiet", outcome: "FAIL" },
    ]);
    await evaluateDeploymentAlerts(db, deployment.id, { now: new Date(base + 10 * 60_000) });
    const incidents = await db.alertIncident.findMany({
      where: { ruleId: rule.id },
      select: { dagId: true, muted: true, deliveries: { select: { event: true } } },
      orderBy: { dagId: "asc" },
    });
    expect(incidents).toEqual([
      { dagId: "noisy", muted: true, deliveries: [] },
      { dagId: "quiet", muted: false, deliveries: [{ event: "TRIGGER" }] },
    ]);
    const unmuted = await muteRule(as(world, "workspaceOperator"), {
      organizationId,
      ruleId: rule.id,
      until: null,
      dagId: "noisy",
    });
    expect(unmuted.mutes).toEqual([]);
  });
});

describe("disabling or deleting a rule with open incidents", () => {
  it("resolves them when the rule is disabled, noted and notified to the channels told of the trigger; delete waits for that", async () => {
    const { deployment, rule } = await failureRuleOnNewDeployment({});
    const base = Date.now() + 1_000;
    await reportRuns(deployment.id, base, [{ dag: "nightly", outcome: "FAIL" }]);
    const opened = await evaluateDeploymentAlerts(db, deployment.id, { now: new Date(base + 10 * 60_000) });
    expect(opened).toMatchObject({ opened: 1 });
    const ref = { organizationId, ruleId: rule.id };

    const refused = await deleteRule(as(world, "workspaceOperator"), ref).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as Error).message).toContain("disable it first");

    const { result, events } = await withAudit(db, [organizationId], () =>
      updateRule(as(world, "workspaceOperator"), { ...ref, enabled: false }),
    );
    expect(result?.enabled).toBe(false);
    expect(
      events.map((e) => [e.action, (e.metadata as { resolvedIncidents?: number }).resolvedIncidents]),
    ).toEqual([["alertRule.update", 1]]);
    const incidents = await db.alertIncident.findMany({
      where: { ruleId: rule.id },
      select: { status: true, resolveReason: true, deliveries: { select: { event: true, status: true } } },
    });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ status: "RESOLVED", resolveReason: RULE_DISABLED_REASON });
    const resolve = await db.alertDelivery.findFirstOrThrow({
      where: { incident: { ruleId: rule.id }, event: "RESOLVE" },
    });
    expect(resolve.status).toBe("PENDING");
    const message = await loadDelivery(db, secrets, resolve.id, "https://skyport.example");
    expect(message?.message.incident).toMatchObject({ status: "RESOLVED", resolveReason: "rule disabled" });
    // Switching it off again resolves nothing more.
    const again = await withAudit(db, [organizationId], () =>
      updateRule(as(world, "workspaceOperator"), { ...ref, enabled: false }),
    );
    expect(again.events[0]?.metadata).not.toHaveProperty("resolvedIncidents");

    const stillSending = await deleteRule(as(world, "workspaceOperator"), ref).catch(
      (error: unknown) => error,
    );
    expect(stillSending).toBeInstanceOf(ConflictError);
    expect((stillSending as Error).message).toContain("resolve notifications being sent");
    await recordDeliveryAttempt(db, resolve.id, {
      delivered: true,
      statusCode: 200,
      error: null,
      final: true,
      retryAfterMs: null,
    });
    await deleteRule(as(world, "workspaceOperator"), ref);
    expect(await db.alertRule.count({ where: { id: rule.id } })).toBe(0);
  });

  it("deletes a rule whose open incidents no channel was told of (muted), and resolves them silently when disabled", async () => {
    const { deployment, rule } = await failureRuleOnNewDeployment({});
    const ref = { organizationId, ruleId: rule.id };
    await muteRule(as(world, "workspaceOperator"), { ...ref, until: new Date(Date.now() + 3_600_000) });
    const base = Date.now() + 1_000;
    await reportRuns(deployment.id, base, [
      { dag: "a", outcome: "FAIL" },
      { dag: "b", outcome: "FAIL" },
    ]);
    await evaluateDeploymentAlerts(db, deployment.id, { now: new Date(base + 10 * 60_000) });
    await updateRule(as(world, "workspaceOperator"), { ...ref, enabled: false });
    const incidents = await db.alertIncident.findMany({
      where: { ruleId: rule.id },
      select: { status: true, muted: true, resolveReason: true },
    });
    expect(incidents).toEqual([
      { status: "RESOLVED", muted: true, resolveReason: "rule disabled" },
      { status: "RESOLVED", muted: true, resolveReason: "rule disabled" },
    ]);
    expect(await db.alertDelivery.count({ where: { incident: { ruleId: rule.id } } })).toBe(0);
    await deleteRule(as(world, "workspaceOperator"), ref);
    expect(await db.alertRule.count({ where: { id: rule.id } })).toBe(0);
  });
});

// The alert pages' reads: an incident's timeline (every delivery with its attempts, in order),
// one delivery (a test notification's result) and the DAG and task ids seen in telemetry (the
// pattern builder's suggestions). Members read; another organization's ids are NOT_FOUND.
import { randomUUID } from "node:crypto";
import * as domain from "@skyport/domain";
import { buildWorld, createTestDatabase, newDeployment } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { personaContexts } from "../workspace-support.ts";

const { db } = await createTestDatabase();
const world = await buildWorld(db);
const { organizationId, workspaceId } = world;
const as = personaContexts(db);
const secrets = domain.createSecretBox({
  keyring: domain.parseKeyring(`k1:${Buffer.alloc(32, 7).toString("base64")}`),
});

const { deploymentId } = await newDeployment(db, world);
const channel = await domain.createChannel(
  { ...as(world, "workspaceOperator"), secrets },
  {
    organizationId,
    deploymentId,
    name: "oncall-mail",
    shared: true,
    settings: { kind: "EMAIL", recipients: ["oncall@example.test"] },
  },
);

/** A run of `dagId` with one try of each task, as derivation writes them. */
async function seedRun(deployment: string, dagId: string, taskIds: string[]) {
  const runId = randomUUID();
  const run = await db.dagRun.create({
    data: {
      organizationId,
      deploymentId: deployment,
      runId,
      jobNamespace: "default",
      dagId,
      state: "SUCCESS",
      lastEventTime: new Date(),
    },
  });
  for (const taskId of taskIds) {
    await db.taskInstanceTry.create({
      data: {
        organizationId,
        deploymentId: deployment,
        key: `${runId}/${taskId}`,
        dagRunId: run.id,
        dagId,
        taskId,
        state: "SUCCESS",
        source: "events",
      },
    });
  }
}

describe("DAG and task ids seen in telemetry", () => {
  it("lists each id once, sorted, for a deployment or a workspace, and only its own", async () => {
    const other = await newDeployment(db, world);
    await seedRun(deploymentId, "orders_daily", ["extract", "load"]);
    await seedRun(deploymentId, "orders_daily", ["extract", "load"]);
    await seedRun(deploymentId, "billing", ["extract"]);
    await seedRun(other.deploymentId, "marketing", ["publish"]);

    const seen = await domain.listSeenIds(as(world, "workspaceMember"), { organizationId, deploymentId });
    expect(seen).toEqual({ dagIds: ["billing", "orders_daily"], taskIds: ["extract", "load"] });
    const workspace = await domain.listSeenIds(as(world, "workspaceMember"), { organizationId, workspaceId });
    expect(workspace.dagIds).toEqual(["billing", "marketing", "orders_daily"]);

    await expect(
      domain.listSeenIds(as(world, "outsider"), { organizationId, deploymentId }),
    ).rejects.toBeInstanceOf(domain.NotFoundError);
    await expect(domain.listSeenIds(as(world, "workspaceMember"), { organizationId })).rejects.toThrow(
      new domain.ValidationError("workspaceId", "give workspaceId or deploymentId"),
    );
  });
});

describe("an incident's timeline", () => {
  it("has the incident and each delivery with every attempt in order, for members only", async () => {
    const rule = await db.alertRule.create({
      data: {
        organizationId,
        workspaceId,
        deploymentId,
        name: "orders failing",
        type: "DAG_FAILURE",
        severity: "CRITICAL",
        patterns: [],
        properties: {},
      },
    });
    const openedAt = new Date("2026-03-28T05:00:00Z");
    const incident = await db.alertIncident.create({
      data: {
        organizationId,
        ruleId: rule.id,
        deploymentId,
        key: "run:1",
        dagId: "orders_daily",
        severity: "CRITICAL",
        summary: "orders_daily failed",
        details: {},
        openedAt,
      },
    });
    const delivery = await db.alertDelivery.create({
      data: { organizationId, incidentId: incident.id, channelId: channel.id, event: "TRIGGER" },
    });
    await domain.recordDeliveryAttempt(
      db,
      delivery.id,
      { delivered: false, statusCode: 429, error: "rate limited", final: false, retryAfterMs: 2_000 },
      new Date("2026-03-28T05:00:01Z"),
    );
    await domain.recordDeliveryAttempt(
      db,
      delivery.id,
      { delivered: true, statusCode: 200, error: null, final: true, retryAfterMs: null },
      new Date("2026-03-28T05:00:03Z"),
    );

    const timeline = await domain.getIncidentTimeline(as(world, "workspaceMember"), {
      organizationId,
      incidentId: incident.id,
    });
    expect(timeline.incident).toMatchObject({ ruleName: "orders failing", status: "OPEN", openedAt });
    expect(timeline.deliveries).toHaveLength(1);
    const [sent] = timeline.deliveries;
    expect([sent?.channelName, sent?.channelKind, sent?.event, sent?.status, sent?.attempts]).toEqual([
      "oncall-mail",
      "EMAIL",
      "TRIGGER",
      "DELIVERED",
      2,
    ]);
    expect(
      timeline.deliveries[0]?.attemptLog.map((a) => [a.number, a.statusCode, a.error, a.retryAfterMs]),
    ).toEqual([
      [1, 429, "rate limited", 2_000],
      [2, 200, null, null],
    ]);

    await expect(
      domain.getIncidentTimeline(as(world, "outsider"), { organizationId, incidentId: incident.id }),
    ).rejects.toBeInstanceOf(domain.NotFoundError);
    await expect(
      domain.getIncidentTimeline(as(world, "workspaceMember"), {
        organizationId: world.otherOrganizationId,
        incidentId: incident.id,
      }),
    ).rejects.toBeInstanceOf(domain.NotFoundError);
  });
});

describe("one delivery", () => {
  it("answers a test notification's state to readers of its channel", async () => {
    const test = await domain.testChannel(as(world, "workspaceOperator"), {
      organizationId,
      channelId: channel.id,
    });
    const pending = await domain.getDelivery(as(world, "workspaceMember"), {
      organizationId,
      deliveryId: test.id,
    });
    expect(pending).toMatchObject({ event: "TEST", status: "PENDING", attempts: 0, attemptLog: [] });
    await domain.recordDeliveryAttempt(db, test.id, {
      delivered: false,
      statusCode: 500,
      error: "receiver answered HTTP 500",
      final: true,
      retryAfterMs: null,
    });
    const failed = await domain.getDelivery(as(world, "workspaceMember"), {
      organizationId,
      deliveryId: test.id,
    });
    expect(failed).toMatchObject({
      status: "FAILED",
      lastStatusCode: 500,
      lastError: "receiver answered HTTP 500",
    });
    await expect(
      domain.getDelivery(as(world, "outsider"), { organizationId, deliveryId: test.id }),
    ).rejects.toBeInstanceOf(domain.NotFoundError);
  });
});

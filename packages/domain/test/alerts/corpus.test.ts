// Acceptance: the labelled week (trace.ts) replayed through the real ingest, derivation and
// alert engine on a fake clock that ticks every 15 minutes, as the worker's alert clock would.
// The incidents opened and the notifications recorded must be exactly the labelled ones (100%
// precision and recall, no duplicates), each noticed within one tick of when it happened (the
// duration alert while its run is still going, the deadline and silence alerts while the
// runtime sends nothing), and each resolved when its condition cleared. The runtime's metrics go
// through the real downsampler and metrics store tick by tick; the deployment's status changes
// as the labels say.
import {
  createChannel,
  createRule,
  createSecretBox,
  deriveDeploymentLineage,
  evaluateDeploymentAlerts,
  ingestLineageEvents,
  parseKeyring,
} from "@skyport/domain";
import { MetricsDownsampler, MetricsStore } from "@skyport/metrics";
import { newDeployment, worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { personaContexts } from "../workspace-support.ts";
import {
  buildTrace,
  metricsBetween,
  TRACE_END,
  TRACE_QUEUE,
  TRACE_RULES,
  TRACE_START,
  UNHEALTHY,
} from "./trace.ts";

const { db, world } = await worldOnTestDatabase();
const { organizationId, workspaceId } = world;
const secrets = createSecretBox({ keyring: parseKeyring(`k1:${Buffer.alloc(32, 3).toString("base64")}`) });
const operator = personaContexts(db)(world, "workspaceOperator");
const TICK_MS = 15 * 60_000;

describe("alerts acceptance corpus", () => {
  it("notifies exactly the labelled incidents of a week, on time, and resolves them", {
    timeout: 240_000,
  }, async () => {
    const { deploymentId } = await newDeployment(db, world, "corpus");
    const deployment = await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
    await db.deployment.update({
      where: { id: deploymentId },
      data: {
        status: "HEALTHY",
        spec: {
          ...(deployment.spec as object),
          executor: "CELERY",
          workerQueues: [{ ...TRACE_QUEUE, concurrency: 16 }],
        },
      },
    });
    const metrics = new MetricsStore(db);
    const channel = await createChannel(
      { ...operator, secrets },
      {
        organizationId,
        deploymentId,
        name: "corpus-webhook",
        shared: false,
        settings: {
          kind: "WEBHOOK",
          url: "https://hooks.example.test/skyport",
          signingSecret: `whsec_${Buffer.alloc(32, 5).toString("base64")}`,
        },
      },
    );
    const ruleNames = new Map<string, string>();
    for (const rule of TRACE_RULES) {
      const created = await createRule(operator, {
        organizationId,
        workspaceId,
        deploymentId,
        name: rule.name,
        type: rule.type,
        severity: "WARNING",
        patterns: rule.patterns.map((p) => ({ ...p, values: [...p.values] })),
        properties: { ...rule.properties },
        channelIds: [channel.id],
      });
      ruleNames.set(created.id, rule.name);
    }
    // The rules existed before the week began.
    await db.alertRule.updateMany({
      where: { id: { in: [...ruleNames.keys()] } },
      data: { createdAt: TRACE_START },
    });

    const { events, expected } = buildTrace();
    const noticedAt = new Map<string, Date>();
    let next = 0;
    for (
      let now = new Date(TRACE_START.getTime() + TICK_MS);
      now <= TRACE_END;
      now = new Date(now.getTime() + TICK_MS)
    ) {
      const batch: typeof events = [];
      while (next < events.length && Date.parse(events[next]?.eventTime ?? "") <= now.getTime()) {
        batch.push(events[next] as (typeof events)[number]);
        next++;
      }
      if (batch.length > 0) {
        const outcomes = await ingestLineageEvents(db, { organizationId, deploymentId }, batch, {
          batch: true,
          now,
        });
        expect(outcomes.filter((o) => o.status !== "stored")).toEqual([]);
        // The events arrive when they happen (Skyport's clock is the fake one). The raw store is
        // append-only by trigger; this test moves its arrival times with triggers off.
        await db.$transaction([
          db.$executeRaw`SET LOCAL session_replication_role = replica`,
          db.$executeRaw`UPDATE "LineageEvent" SET "receivedAt" = "eventTime" WHERE "deploymentId" = ${deploymentId} AND "receivedAt" > "eventTime"`,
        ]);
        await deriveDeploymentLineage(db, deploymentId, { settleMs: 0 });
      }
      const downsampler = new MetricsDownsampler();
      downsampler.add(deploymentId, metricsBetween(new Date(now.getTime() - TICK_MS), now));
      await metrics.write(downsampler.drain());
      const unhealthy = now >= UNHEALTHY.from && now < UNHEALTHY.to;
      await db.deployment.update({
        where: { id: deploymentId },
        data: { status: unhealthy ? "UNHEALTHY" : "HEALTHY" },
      });
      await evaluateDeploymentAlerts(db, deploymentId, { now });
      const incidents = await db.alertIncident.findMany({
        where: { deploymentId },
        select: { ruleId: true, key: true },
      });
      for (const incident of incidents) {
        const id = `${ruleNames.get(incident.ruleId)}|${incident.key}`;
        if (!noticedAt.has(id)) noticedAt.set(id, now);
      }
    }
    expect(next).toBe(events.length);

    const incidents = await db.alertIncident.findMany({
      where: { deploymentId },
      select: { id: true, ruleId: true, key: true, status: true, openedAt: true, resolvedAt: true },
    });
    const actual = incidents
      .map((i) => ({
        rule: ruleNames.get(i.ruleId),
        key: i.key,
        openedAt: i.openedAt.toISOString(),
        resolvedAt: i.resolvedAt?.toISOString() ?? null,
      }))
      .sort((a, b) => `${a.rule}|${a.key}`.localeCompare(`${b.rule}|${b.key}`));
    const labelled = expected
      .map((e) => ({
        rule: e.rule,
        key: e.key,
        openedAt: e.openedAt.toISOString(),
        resolvedAt: e.resolvedAt?.toISOString() ?? null,
      }))
      .sort((a, b) => `${a.rule}|${a.key}`.localeCompare(`${b.rule}|${b.key}`));
    // 100% precision and recall, with the resolves where they belong.
    expect(actual).toEqual(labelled);
    expect(incidents.every((i) => i.status === "RESOLVED")).toBe(true);

    // Noticed within one tick of happening.
    for (const e of expected) {
      const noticed = noticedAt.get(`${e.rule}|${e.key}`);
      expect(noticed, `${e.rule} ${e.key}`).toBeDefined();
      const lag = (noticed?.getTime() ?? 0) - e.openedAt.getTime();
      expect(lag, `${e.rule} ${e.key} noticed ${lag} ms late`).toBeGreaterThanOrEqual(0);
      expect(lag, `${e.rule} ${e.key} noticed ${lag} ms late`).toBeLessThan(TICK_MS);
    }
    // The long run was reported while it was still going.
    const duration = expected.find((e) => e.rule === "report duration");
    expect(noticedAt.get(`report duration|${duration?.key}`)?.getTime()).toBeLessThan(
      duration?.resolvedAt?.getTime() ?? 0,
    );

    // Notifications: one trigger per incident, one resolve per resolved non-notice incident.
    const deliveries = await db.alertDelivery.findMany({
      where: { channelId: channel.id },
      select: { event: true, incident: { select: { ruleId: true, key: true } } },
    });
    const sent = deliveries
      .map((d) => `${d.event} ${ruleNames.get(d.incident?.ruleId ?? "")}|${d.incident?.key}`)
      .sort();
    const wanted = [
      ...expected.map((e) => `TRIGGER ${e.rule}|${e.key}`),
      ...expected.filter((e) => e.resolvedAt && !e.notice).map((e) => `RESOLVE ${e.rule}|${e.key}`),
    ].sort();
    expect(sent).toEqual(wanted);
    expect(new Set(sent).size).toBe(sent.length);
    expect(wanted).toHaveLength(22 + 16);

    // The anomaly's notification shows the baseline it was measured against.
    const anomaly = await db.alertIncident.findFirstOrThrow({
      where: { deploymentId, rule: { name: "anomaly" } },
      select: { summary: true, details: true },
    });
    expect((anomaly.details as { baseline: unknown }).baseline).toEqual({
      medianSeconds: 300,
      madSeconds: 0,
      thresholdSeconds: 360,
      historySize: 20,
      deviations: 3,
    });
    expect(anomaly.summary).toContain("usual 5 min");
    expect(anomaly.summary).toContain("last 20 successful runs");
  });
});

// The alert engine's I/O: loads one deployment's facts, asks evaluateAlertRules what to open
// and resolve, and writes incidents and their deliveries in one transaction, serialised per
// deployment. Called by the worker's jobs (after derivation commits, and on a clock); the ids
// of the deliveries it creates are what the caller enqueues.
import type { Prisma, PrismaClient, TransactionClient } from "@skyport/db";
import {
  type AlertPattern,
  ANOMALY_DEFAULTS,
  type AnyRuleProperties,
  MAX_ANOMALY_HISTORY,
} from "./alerts.types.ts";
import {
  DEADLINE_HORIZON_MS,
  type EvaluationFacts,
  evaluateAlertRules,
  type HealthFacts,
  type Opening,
  type RuleFacts,
  type RunFact,
} from "./evaluate.ts";

/** Queue gauges older than this are not read as the queue's state now. */
const HEALTH_FRESHNESS_MS = 5 * 60_000;

/** How far back runs are read: the deadline horizon plus the longest look-back. */
const RUN_HORIZON_MS = DEADLINE_HORIZON_MS + 7 * 24 * 60 * 60 * 1000;

export interface EvaluationOutcome {
  opened: number;
  resolved: number;
  /** Deliveries created (PENDING): enqueue one delivery job for each. */
  deliveryIds: string[];
}

function lockKey(deploymentId: string): string {
  return `skyport.alert-evaluation:${deploymentId}`;
}

/** Rule types about the deployment as a whole: a DAG-scoped evaluation leaves them to the clock. */
const DEPLOYMENT_LEVEL_TYPES = ["TELEMETRY_SILENCE", "DEPLOYMENT_HEALTH"] as const;

/** The DAGs of the runs a derivation touched (a scoped evaluation reads only these). */
async function dagsOfRuns(tx: TransactionClient, deploymentId: string, runIds: readonly string[]) {
  if (runIds.length === 0) return [];
  const rows = await tx.dagRun.findMany({
    where: { deploymentId, runId: { in: [...runIds] } },
    distinct: ["dagId"],
    select: { dagId: true },
  });
  return rows.map((row) => row.dagId);
}

async function loadFacts(
  tx: TransactionClient,
  deployment: { id: string; organizationId: string; workspaceId: string },
  now: Date,
  dagScope: readonly string[] | null,
): Promise<{ facts: EvaluationFacts; channels: Map<string, string[]> } | null> {
  // Scoped: only the given DAGs' runs, tries, history and incidents, by DAG-level rules.
  const inScope = dagScope ? { dagId: { in: [...dagScope] } } : {};
  const rules = await tx.alertRule.findMany({
    where: {
      organizationId: deployment.organizationId,
      workspaceId: deployment.workspaceId,
      OR: [{ deploymentId: deployment.id }, { deploymentId: null }],
      // A disabled rule is not evaluated: it opens and resolves nothing.
      enabled: true,
      ...(dagScope ? { type: { notIn: [...DEPLOYMENT_LEVEL_TYPES] } } : {}),
    },
    select: {
      id: true,
      name: true,
      type: true,
      severity: true,
      patterns: true,
      properties: true,
      createdAt: true,
      mutedUntil: true,
      channels: { select: { channelId: true } },
      mutes: { select: { dagId: true, taskId: true, until: true }, where: { until: { gt: now } } },
    },
  });
  if (rules.length === 0) return null;
  const types = new Set(rules.map((rule) => rule.type));
  const runs = await tx.dagRun.findMany({
    where: {
      deploymentId: deployment.id,
      ...inScope,
      OR: [{ lastEventTime: { gte: new Date(now.getTime() - RUN_HORIZON_MS) } }, { state: "RUNNING" }],
    },
    select: {
      runId: true,
      dagId: true,
      state: true,
      startedAt: true,
      endedAt: true,
      lastEventTime: true,
      errorMessage: true,
    },
  });
  const tries =
    types.has("TASK_FAILURE") || types.has("TASK_DURATION")
      ? await tx.taskInstanceTry.findMany({
          where: {
            deploymentId: deployment.id,
            state: {
              in: types.has("TASK_DURATION") ? ["FAILED", "SUCCESS", "RUNNING"] : ["FAILED", "SUCCESS"],
            },
            dagRunId: { in: runs.map((run) => run.runId) },
          },
          select: {
            key: true,
            dagRunId: true,
            dagId: true,
            taskId: true,
            mapIndex: true,
            tryNumber: true,
            state: true,
            startedAt: true,
            endedAt: true,
            errorMessage: true,
          },
        })
      : [];
  const dagIds = types.has("DAG_TIMELINESS")
    ? (
        await tx.dagRun.findMany({
          where: { deploymentId: deployment.id, ...inScope },
          distinct: ["dagId"],
          select: { dagId: true },
        })
      ).map((row) => row.dagId)
    : [];
  const lastEvent = types.has("TELEMETRY_SILENCE")
    ? await tx.lineageEvent.findFirst({
        where: { deploymentId: deployment.id },
        orderBy: { seq: "desc" },
        select: { receivedAt: true, seq: true },
      })
    : null;
  const openIncidents = await tx.alertIncident.findMany({
    where: {
      deploymentId: deployment.id,
      status: "OPEN",
      ruleId: { in: rules.map((rule) => rule.id) },
      ...inScope,
    },
    select: {
      id: true,
      ruleId: true,
      key: true,
      dagId: true,
      taskId: true,
      runId: true,
      details: true,
      openedAt: true,
    },
  });
  // When a silence ended: the first event after the one the silence began with.
  const resumedAt = new Map<string, Date>();
  for (const incident of openIncidents) {
    const seq = (incident.details as { lastActivitySeq?: unknown } | null)?.lastActivitySeq;
    if (typeof seq !== "string" || !lastEvent || BigInt(seq) >= lastEvent.seq) continue;
    const next = await tx.lineageEvent.findFirst({
      where: { deploymentId: deployment.id, seq: { gt: BigInt(seq) } },
      orderBy: { seq: "asc" },
      select: { receivedAt: true },
    });
    if (next) resumedAt.set(incident.id, next.receivedAt);
  }
  const history = types.has("DURATION_ANOMALY")
    ? await loadRunHistory(tx, deployment.id, rules, now, dagScope)
    : [];
  const health = types.has("DEPLOYMENT_HEALTH")
    ? await loadHealth(tx, deployment.id, now, openIncidents)
    : undefined;
  const ruleFacts: RuleFacts[] = rules.map((rule) => ({
    id: rule.id,
    name: rule.name,
    type: rule.type,
    severity: rule.severity,
    patterns: rule.patterns as unknown as AlertPattern[],
    properties: rule.properties as AnyRuleProperties,
    createdAt: rule.createdAt,
    mutedUntil: rule.mutedUntil,
    mutes: rule.mutes.map((mute) => ({ ...mute, taskId: mute.taskId || null })),
  }));
  return {
    facts: {
      now,
      ...(dagScope ? { dagScope: new Set(dagScope) } : {}),
      rules: ruleFacts,
      runs,
      tries,
      dagIds,
      lastActivityAt: lastEvent?.receivedAt ?? null,
      lastActivitySeq: lastEvent ? String(lastEvent.seq) : null,
      resumedAt,
      history,
      health,
      openIncidents: openIncidents.map((incident) => ({
        ...incident,
        details: (incident.details ?? {}) as Record<string, unknown>,
      })),
    },
    channels: new Map(rules.map((rule) => [rule.id, rule.channels.map((link) => link.channelId)])),
  };
}

/**
 * The last successful runs of every DAG, as many as the largest anomaly rule's history asks
 * for, ended by `now`: the baselines of runs older than the recent window read here.
 */
async function loadRunHistory(
  tx: TransactionClient,
  deploymentId: string,
  rules: ReadonlyArray<{ type: string; properties: unknown }>,
  now: Date,
  dagScope: readonly string[] | null,
): Promise<RunFact[]> {
  const sizes = rules
    .filter((rule) => rule.type === "DURATION_ANOMALY")
    .map((rule) =>
      Number((rule.properties as { historySize?: number }).historySize ?? ANOMALY_DEFAULTS.historySize),
    );
  // A run's baseline is the N runs before it: one more per DAG covers the runs in the window.
  const perDag = Math.min(MAX_ANOMALY_HISTORY, Math.max(...sizes)) + 1;
  return tx.$queryRaw<RunFact[]>`
    SELECT "runId", "dagId", "state", "startedAt", "endedAt", "lastEventTime", "errorMessage" FROM (
      SELECT r.*, row_number() OVER (PARTITION BY r."dagId" ORDER BY r."endedAt" DESC) AS n
      FROM "DagRun" r
      WHERE r."deploymentId" = ${deploymentId} AND r."state" = 'SUCCESS'
        AND (${dagScope === null} OR r."dagId" = ANY(${dagScope ?? []}::text[]))
        AND r."startedAt" IS NOT NULL AND r."endedAt" IS NOT NULL AND r."endedAt" <= ${now}
    ) ranked WHERE n <= ${perDag}`;
}

/** The deployment's status and, from the metrics Skyport keeps, heartbeat, import errors and queues. */
async function loadHealth(
  tx: TransactionClient,
  deploymentId: string,
  now: Date,
  openIncidents: ReadonlyArray<{ id: string; details: unknown }>,
): Promise<HealthFacts> {
  const deployment = await tx.deployment.findUniqueOrThrow({
    where: { id: deploymentId },
    select: { status: true, spec: true },
  });
  const latest = (series: string, where: Prisma.MetricBucketWhereInput = {}) =>
    tx.metricBucket.findFirst({
      where: { series: { deploymentId, series }, bucketStart: { lte: now }, ...where },
      orderBy: { bucketStart: "desc" },
      select: { bucketStart: true, last: true },
    });
  const heartbeat = await latest("scheduler_heartbeat", { sum: { gt: 0 } });
  const heartbeatResumedAt = new Map<string, Date>();
  for (const incident of openIncidents) {
    const since = (incident.details as { lastHeartbeatAt?: unknown } | null)?.lastHeartbeatAt;
    if (typeof since !== "string" || !heartbeat || Date.parse(since) >= heartbeat.bucketStart.getTime())
      continue;
    const next = await tx.metricBucket.findFirst({
      where: {
        series: { deploymentId, series: "scheduler_heartbeat" },
        sum: { gt: 0 },
        bucketStart: { gt: new Date(since), lte: now },
      },
      orderBy: { bucketStart: "asc" },
      select: { bucketStart: true },
    });
    if (next) heartbeatResumedAt.set(incident.id, next.bucketStart);
  }
  const importErrors = await latest("dag_processing_import_errors");
  // Queue saturation reads only fresh gauges: a stale value says nothing about now.
  const fresh = { bucketStart: { gte: new Date(now.getTime() - HEALTH_FRESHNESS_MS), lte: now } };
  const queued = await tx.metricSeries.findMany({
    where: { deploymentId, series: "executor_queued_tasks" },
    select: { buckets: { where: fresh, orderBy: { bucketStart: "desc" }, take: 1, select: { last: true } } },
  });
  const queuedTasks = queued.reduce((sum, series) => sum + (series.buckets[0]?.last ?? 0), 0);
  const saturatedQueues: HealthFacts["saturatedQueues"][number][] = [];
  if (queuedTasks > 0) {
    const spec = deployment.spec as { workerQueues?: Array<{ name: string; maxWorkers: number }> } | null;
    const workers = await tx.metricSeries.findMany({
      where: { deploymentId, series: "workers" },
      select: {
        labels: true,
        buckets: { where: fresh, orderBy: { bucketStart: "desc" }, take: 1, select: { last: true } },
      },
    });
    for (const queue of spec?.workerQueues ?? []) {
      const series = workers.find((w) => (w.labels as { queue?: string } | null)?.queue === queue.name);
      const ready = series?.buckets[0]?.last;
      if (ready !== undefined && ready >= queue.maxWorkers) {
        saturatedQueues.push({
          queue: queue.name,
          workers: ready,
          maxWorkers: queue.maxWorkers,
          queuedTasks,
        });
      }
    }
  }
  return {
    status: deployment.status,
    lastHeartbeatAt: heartbeat?.bucketStart ?? null,
    heartbeatResumedAt,
    importErrors: importErrors?.last ?? null,
    saturatedQueues,
  };
}

/**
 * Evaluates every rule that applies to the deployment at `now` and records the outcome.
 * Idempotent: incidents are unique by (rule, deployment, key) and deliveries by
 * (incident, channel, event), so a repeated or concurrent evaluation adds nothing.
 */
export async function evaluateDeploymentAlerts(
  db: PrismaClient,
  deploymentId: string,
  options: {
    now?: Date;
    /**
     * The runs a derivation just changed: only their DAGs are evaluated (event-driven and
     * incremental, so its cost follows the change, not the deployment's history). Omitted:
     * every rule over every DAG (the alert clock).
     */
    runIds?: readonly string[];
  } = {},
): Promise<EvaluationOutcome> {
  const now = options.now ?? new Date();
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lockKey(deploymentId)}))`;
      const deployment = await tx.deployment.findFirst({
        where: { id: deploymentId, deletedAt: null },
        select: { id: true, organizationId: true, workspaceId: true },
      });
      const none: EvaluationOutcome = { opened: 0, resolved: 0, deliveryIds: [] };
      if (!deployment) return none;
      const dagScope = options.runIds ? await dagsOfRuns(tx, deployment.id, options.runIds) : null;
      if (dagScope?.length === 0) return none;
      const loaded = await loadFacts(tx, deployment, now, dagScope);
      if (!loaded) return none;
      const { openings, resolutions } = evaluateAlertRules(loaded.facts);
      const severities = new Map(loaded.facts.rules.map((rule) => [rule.id, rule.severity]));
      const deliveryIds: string[] = [];
      let resolved = 0;

      const created = await openIncidents(tx, deployment, openings, severities);
      for (const { incident, opening } of created) {
        const channelIds = opening.muted ? [] : (loaded.channels.get(opening.ruleId) ?? []);
        deliveryIds.push(
          ...(await createDeliveries(tx, deployment.organizationId, incident, channelIds, "TRIGGER")),
        );
        if (opening.resolve) {
          await resolveIncident(tx, incident, opening.resolve.at, opening.resolve.reason);
          if (opening.resolve.notify)
            deliveryIds.push(...(await resolveDeliveries(tx, deployment.organizationId, incident)));
        }
      }
      for (const resolution of resolutions) {
        const done = await resolveIncident(tx, resolution.incidentId, resolution.at, resolution.reason);
        if (!done) continue;
        resolved += 1;
        deliveryIds.push(...(await resolveDeliveries(tx, deployment.organizationId, resolution.incidentId)));
      }
      return { opened: created.length, resolved, deliveryIds };
    },
    { timeout: 60_000 },
  );
}

async function openIncidents(
  tx: TransactionClient,
  deployment: { id: string; organizationId: string },
  openings: readonly Opening[],
  severities: Map<string, "INFO" | "WARNING" | "CRITICAL">,
): Promise<Array<{ incident: string; opening: Opening }>> {
  if (openings.length === 0) return [];
  const rows = await tx.alertIncident.createManyAndReturn({
    data: openings.map((opening) => ({
      organizationId: deployment.organizationId,
      ruleId: opening.ruleId,
      deploymentId: deployment.id,
      key: opening.key,
      dagId: opening.dagId,
      taskId: opening.taskId,
      runId: opening.runId,
      severity: severities.get(opening.ruleId) ?? "WARNING",
      summary: opening.summary.slice(0, 1000),
      details: opening.details as object,
      muted: opening.muted,
      occurrences: opening.occurrences ?? 1,
      lastOccurredAt: opening.lastOccurredAt ?? null,
      openedAt: opening.openedAt,
    })),
    skipDuplicates: true,
    select: { id: true, ruleId: true, key: true },
  });
  // A grouped incident that already exists gains the occurrences seen since (no new notification).
  for (const opening of openings) {
    if ((opening.occurrences ?? 1) <= 1) continue;
    await tx.alertIncident.updateMany({
      where: {
        ruleId: opening.ruleId,
        deploymentId: deployment.id,
        key: opening.key,
        occurrences: { lt: opening.occurrences },
      },
      data: {
        occurrences: opening.occurrences,
        lastOccurredAt: opening.lastOccurredAt ?? null,
        summary: opening.summary.slice(0, 1000),
        details: opening.details as object,
      },
    });
  }
  const byKey = new Map(openings.map((opening) => [`${opening.ruleId}\u0000${opening.key}`, opening]));
  return rows.flatMap((row) => {
    const opening = byKey.get(`${row.ruleId}\u0000${row.key}`);
    return opening ? [{ incident: row.id, opening }] : [];
  });
}

async function resolveIncident(tx: TransactionClient, incidentId: string, at: Date, reason: string) {
  const { count } = await tx.alertIncident.updateMany({
    where: { id: incidentId, status: "OPEN" },
    data: { status: "RESOLVED", resolvedAt: at, resolveReason: reason },
  });
  return count === 1;
}

async function createDeliveries(
  tx: TransactionClient,
  organizationId: string,
  incidentId: string,
  channelIds: readonly string[],
  event: "TRIGGER" | "RESOLVE",
): Promise<string[]> {
  if (channelIds.length === 0) return [];
  const rows = await tx.alertDelivery.createManyAndReturn({
    data: channelIds.map((channelId) => ({ organizationId, incidentId, channelId, event })),
    skipDuplicates: true,
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** A resolve goes to the channels that were told of the trigger (none for a muted incident). */
async function resolveDeliveries(tx: TransactionClient, organizationId: string, incidentId: string) {
  const triggers = await tx.alertDelivery.findMany({
    where: { incidentId, event: "TRIGGER" },
    select: { channelId: true },
  });
  return createDeliveries(
    tx,
    organizationId,
    incidentId,
    triggers.map((row) => row.channelId),
    "RESOLVE",
  );
}

/**
 * Resolves every open incident of a rule that stops being evaluated (disabled), with `reason` as
 * the incident's note and a resolve notice to each channel told of its trigger (PagerDuty
 * resolve, Opsgenie close, a Slack/email/webhook message): PENDING deliveries in the outbox,
 * which the alert clock sends. Runs in the caller's transaction, holding the evaluation lock of
 * every deployment the rule watches, so an evaluation cannot open an incident behind it.
 */
export async function resolveRuleIncidents(
  tx: TransactionClient,
  rule: { id: string; organizationId: string; workspaceId: string; deploymentId: string | null },
  reason: string,
  at = new Date(),
): Promise<{ resolved: number; deliveryIds: string[] }> {
  const watched = rule.deploymentId
    ? [rule.deploymentId]
    : (
        await tx.deployment.findMany({
          where: { organizationId: rule.organizationId, workspaceId: rule.workspaceId },
          select: { id: true },
          orderBy: { id: "asc" },
        })
      ).map((deployment) => deployment.id);
  // One lock at a time in id order: an evaluation holds one, so no cycle can form.
  for (const deploymentId of watched)
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lockKey(deploymentId)}))`;
  const open = await tx.alertIncident.findMany({
    where: { ruleId: rule.id, organizationId: rule.organizationId, status: "OPEN" },
    select: { id: true },
  });
  const deliveryIds: string[] = [];
  let resolved = 0;
  for (const incident of open) {
    if (!(await resolveIncident(tx, incident.id, at, reason))) continue;
    resolved += 1;
    deliveryIds.push(...(await resolveDeliveries(tx, rule.organizationId, incident.id)));
  }
  return { resolved, deliveryIds };
}

/** Deployments with at least one enabled rule (the clock job evaluates each of them). */
export async function deploymentsWithAlertRules(db: PrismaClient): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT d."id" FROM "Deployment" d
    WHERE d."deletedAt" IS NULL AND EXISTS (
      SELECT 1 FROM "AlertRule" r
      WHERE r."workspaceId" = d."workspaceId" AND r."enabled"
        AND (r."deploymentId" IS NULL OR r."deploymentId" = d."id")
    )`;
  return rows.map((row) => row.id);
}

/**
 * Deliveries still PENDING after `olderThanMs` and not being sent now (their job was lost):
 * enqueue them again.
 */
export async function stalledDeliveries(
  db: PrismaClient,
  now: Date,
  olderThanMs = 60_000,
): Promise<string[]> {
  const rows = await db.alertDelivery.findMany({
    where: {
      status: "PENDING",
      createdAt: { lt: new Date(now.getTime() - olderThanMs) },
      OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }],
    },
    select: { id: true },
    take: 1000,
  });
  return rows.map((row) => row.id);
}

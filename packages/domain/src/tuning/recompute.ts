// Recomputing a deployment's recommendations from what Skyport stores (a worker job runs this on
// a schedule, with its own clock): the engine over the last window of metrics and runs; a
// finding seen again updates its row, a new one opens, an open one no longer found is
// superseded, a snooze that ran out reopens. Applied recommendations are measured once an
// equal window after applying has passed: before and after side by side, and whether the
// predicted effect happened (a regression offers a revert).
import { createHash } from "node:crypto";
import type { BillingPlans } from "@skyport/config";
import type { Prisma } from "@skyport/db";
import {
  type History,
  improvement,
  observationFromHistory,
  type PlanBounds,
  percentile,
  type Recommendation,
  recommend,
  type StoredSeries,
} from "@skyport/tuning";
import type { Db } from "../authz/authorize.ts";
import { billingStanding } from "../billing/limits.ts";
import { storedSpec } from "../deployments/spec.ts";
import type { Measurement, RecommendationOutcome, WindowStats } from "./recommendations.types.ts";

/** How much history one recompute reads, and the length of each before/after window. */
export const RECOMMENDATION_WINDOW_MS = 6 * 3_600_000;

const SERIES_READ = [
  "executor_open_slots",
  "executor_queued_tasks",
  "executor_running_tasks",
  "scheduler_tasks_starving",
  "scheduler_tasks_executable",
  "scheduler_heartbeat",
  "dag_processing_total_parse_time",
  "pool_open_slots",
  "pool_queued_slots",
  "pool_running_slots",
  "pool_starving_tasks",
  "workers",
  "ti_queued",
  "ti_running",
  "ti_finish",
  "task_queued_duration",
];

const KINDS: Record<string, StoredSeries["kind"]> = {
  scheduler_heartbeat: "counter",
  ti_finish: "counter",
  task_queued_duration: "timer",
};

async function readHistory(
  db: Db,
  deploymentId: string,
  spec: History["spec"],
  from: Date,
  to: Date,
): Promise<History> {
  const rows = await db.metricSeries.findMany({
    where: { deploymentId, series: { in: SERIES_READ } },
    select: {
      series: true,
      labels: true,
      buckets: {
        where: { bucketStart: { gte: from, lt: to } },
        select: { bucketStart: true, last: true, sum: true, count: true },
        orderBy: { bucketStart: "asc" },
      },
    },
  });
  const runs = await db.dagRun.findMany({
    where: { deploymentId, startedAt: { gte: from, lt: to } },
    select: { runId: true, dagId: true, startedAt: true, logicalDate: true },
  });
  const tries = await db.taskInstanceTry.findMany({
    where: { deploymentId, startedAt: { gte: from, lt: to } },
    select: {
      dagRunId: true,
      dagId: true,
      taskId: true,
      queue: true,
      pool: true,
      startedAt: true,
      endedAt: true,
    },
  });
  return {
    spec,
    from,
    to,
    series: rows.map((row) => ({
      key: row.series,
      kind: KINDS[row.series] ?? "gauge",
      labels: row.labels as Record<string, string>,
      buckets: row.buckets.map((bucket) => ({
        at: bucket.bucketStart,
        last: bucket.last,
        sum: bucket.sum,
        count: bucket.count,
      })),
    })),
    runs,
    tries,
  };
}

export function fingerprintOf(
  recommendation: Pick<Recommendation, "ruleId" | "subject" | "changes" | "manual">,
): string {
  return createHash("sha256")
    .update(
      JSON.stringify([
        recommendation.ruleId,
        recommendation.subject,
        recommendation.changes,
        recommendation.manual ?? null,
      ]),
    )
    .digest("hex")
    .slice(0, 32);
}

function asJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

function content(recommendation: Recommendation, generation: number, now: Date) {
  return {
    summary: recommendation.summary,
    evidence: asJson(recommendation.evidence),
    changes: asJson(recommendation.changes),
    diff: asJson(recommendation.diff),
    manual: recommendation.manual ?? null,
    prediction: asJson(recommendation.expected),
    risk: recommendation.risk,
    safety: asJson(recommendation.safety),
    source: asJson(recommendation.source),
    specGeneration: generation,
    computedAt: now,
  };
}

/**
 * What the organization's plan lets its deployments run (workers per queue, scheduler sizes,
 * high availability): the limit a recommendation must stay within. A deployment has no other
 * compute quota: its namespace's ResourceQuota is derived from its own spec (render/quota.ts),
 * so it grows with any change the plan admits. None when billing is off.
 */
export async function planBoundsOf(
  db: Db,
  billingPlans: BillingPlans | null | undefined,
  organizationId: string,
  now: Date = new Date(),
): Promise<PlanBounds | undefined> {
  if (!billingPlans) return undefined;
  const { limits } = await billingStanding(db, billingPlans, organizationId, now);
  return {
    maxWorkersPerQueue: limits.maxWorkersPerQueue,
    schedulerSizes: limits.schedulerSizes,
    highAvailability: limits.highAvailability,
  };
}

export interface RecomputeOptions {
  /** The plans whose limits bound a recommendation (billing on); null or absent: billing off. */
  readonly billingPlans?: BillingPlans | null;
  /** See EngineOptions.shortestWindowSeconds (on-demand recomputes of young deployments, tests). */
  readonly shortestWindowSeconds?: number;
}

export interface RecomputeResult {
  readonly opened: number;
  readonly updated: number;
  readonly superseded: number;
  readonly measured: number;
}

/** Window statistics from stored metrics: queue wait from task_queued_duration, throughput from ti_finish. */
export function windowStats(history: History): WindowStats {
  const waits: number[] = [];
  let finished = 0;
  const open: number[] = [];
  let workerMinutes = 0;
  for (const series of history.series) {
    for (const bucket of series.buckets) {
      if (series.key === "task_queued_duration" && bucket.count > 0) {
        const mean = bucket.sum / bucket.count;
        for (let i = 0; i < bucket.count; i++) waits.push(mean);
      }
      if (series.key === "ti_finish") finished += bucket.sum;
      if (series.key === "executor_open_slots") open.push(bucket.last);
      if (series.key === "workers") workerMinutes += bucket.last;
    }
  }
  const hours = (history.to.getTime() - history.from.getTime()) / 3_600_000;
  return {
    from: history.from,
    to: history.to,
    queueWaitP50: percentile(waits, 0.5),
    queueWaitP90: percentile(waits, 0.9),
    tasksPerHour: hours > 0 ? finished / hours : 0,
    openSlotsMean: open.length ? open.reduce((a, b) => a + b, 0) / open.length : 0,
    workerHours: workerMinutes / 60,
  };
}

const MEASURED: Record<string, keyof WindowStats | undefined> = {
  queueWaitP90: "queueWaitP90",
  throughputPerHour: "tasksPerHour",
  workerHours: "workerHours",
};

/** CONFIRMED: at least half the predicted improvement; REGRESSED: 10% worse; else NOT_CONFIRMED. */
export function outcomeOf(
  prediction: { metric: string; before: number; after: number },
  measurement: Measurement,
): RecommendationOutcome {
  const key = MEASURED[prediction.metric] ?? "queueWaitP90";
  const metric = prediction.metric in MEASURED ? (prediction.metric as "queueWaitP90") : "queueWaitP90";
  const predicted = improvement(metric, prediction.before, prediction.after);
  const measured = improvement(metric, measurement.before[key] as number, measurement.after[key] as number);
  if (measured <= -0.1) return "REGRESSED";
  return measured >= predicted / 2 && measured > 0 ? "CONFIRMED" : "NOT_CONFIRMED";
}

export async function recomputeRecommendations(
  db: Db,
  deploymentId: string,
  now: Date = new Date(),
  options: RecomputeOptions = {},
): Promise<RecomputeResult> {
  const deployment = await db.deployment.findFirst({
    where: { id: deploymentId, deletedAt: null },
    select: { id: true, organizationId: true, spec: true, generation: true },
  });
  if (!deployment) return { opened: 0, updated: 0, superseded: 0, measured: 0 };
  const spec = storedSpec(deployment.spec);
  const from = new Date(now.getTime() - RECOMMENDATION_WINDOW_MS);
  const history = await readHistory(db, deploymentId, spec, from, now);
  const hasData = history.series.some((series) => series.buckets.length > 0);
  const plan = await planBoundsOf(db, options.billingPlans, deployment.organizationId, now);
  const found =
    hasData && spec.executor === "CELERY"
      ? recommend(observationFromHistory(history), {
          ...(plan ? { plan } : {}),
          ...(options.shortestWindowSeconds ? { shortestWindowSeconds: options.shortestWindowSeconds } : {}),
        })
      : [];

  const existing = await db.tuningRecommendation.findMany({ where: { deploymentId } });
  const byFingerprint = new Map(existing.map((row) => [row.fingerprint, row]));
  const seen = new Set<string>();
  let opened = 0;
  let updated = 0;
  for (const recommendation of found) {
    const fingerprint = fingerprintOf(recommendation);
    seen.add(fingerprint);
    const row = byFingerprint.get(fingerprint);
    const data = content(recommendation, deployment.generation, now);
    if (!row) {
      // Two recomputes of one deployment may race (the schedule's beat and an on-demand run, or
      // two workers): the one that writes second finds the row there and leaves it be.
      const { count } = await db.tuningRecommendation.createMany({
        data: [
          {
            ...data,
            organizationId: deployment.organizationId,
            deploymentId,
            ruleId: recommendation.ruleId,
            subject: recommendation.subject,
            fingerprint,
          },
        ],
        skipDuplicates: true,
      });
      opened += count;
    } else if (
      row.state === "OPEN" ||
      row.state === "SUPERSEDED" ||
      (row.state === "SNOOZED" && (row.snoozedUntil?.getTime() ?? 0) <= now.getTime())
    ) {
      await db.tuningRecommendation.update({
        where: { id: row.id },
        data: { ...data, state: "OPEN", snoozedUntil: null },
      });
      updated++;
    }
  }
  const stale = existing.filter(
    (row) =>
      !seen.has(row.fingerprint) &&
      (row.state === "OPEN" ||
        (row.state === "SNOOZED" && (row.snoozedUntil?.getTime() ?? 0) <= now.getTime())),
  );
  if (stale.length > 0) {
    await db.tuningRecommendation.updateMany({
      where: { deploymentId, id: { in: stale.map((row) => row.id) } },
      data: { state: "SUPERSEDED", snoozedUntil: null },
    });
  }

  let measured = 0;
  for (const row of existing) {
    if (row.state !== "APPLIED" || row.outcome !== "PENDING" || !row.appliedAt) continue;
    const appliedAt = row.appliedAt.getTime();
    if (now.getTime() < appliedAt + RECOMMENDATION_WINDOW_MS) continue;
    const before = windowStats(
      await readHistory(
        db,
        deploymentId,
        spec,
        new Date(appliedAt - RECOMMENDATION_WINDOW_MS),
        row.appliedAt,
      ),
    );
    const after = windowStats(
      await readHistory(
        db,
        deploymentId,
        spec,
        row.appliedAt,
        new Date(appliedAt + RECOMMENDATION_WINDOW_MS),
      ),
    );
    const measurement: Measurement = { before, after };
    const outcome = outcomeOf(
      row.prediction as { metric: string; before: number; after: number },
      measurement,
    );
    await db.tuningRecommendation.update({
      where: { id: row.id },
      data: { measurement: asJson(measurement), outcome },
    });
    measured++;
  }
  return { opened, updated, superseded: stale.length, measured };
}

/** Every live Celery deployment's recommendations (the scheduled job). */
export async function recomputeAllRecommendations(
  db: Db,
  now: Date = new Date(),
  options: RecomputeOptions = {},
): Promise<number> {
  const deployments = await db.deployment.findMany({ where: { deletedAt: null }, select: { id: true } });
  for (const deployment of deployments) await recomputeRecommendations(db, deployment.id, now, options);
  return deployments.length;
}

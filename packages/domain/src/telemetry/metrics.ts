// Reading a deployment's runtime metrics: the stored one-minute buckets (@skyport/metrics)
// folded into steps sized so a series has at most MAX_METRICS_POINTS points.
// deployment.metrics.read: WORKSPACE_MEMBER and up.
import { sql } from "@skyport/db";
import { SERIES_BY_KEY, type SeriesKind } from "@skyport/metrics";
import { authorize } from "../authz/authorize.ts";
import { ValidationError } from "../shared/errors.ts";
import type { MutationContext } from "../shared/mutation.ts";
import { validate } from "../shared/validate.ts";
import {
  DEFAULT_METRIC_SERIES,
  type DeploymentMetrics,
  type GetDeploymentMetricsInput,
  getDeploymentMetricsInput,
  MAX_LABEL_SETS_PER_SERIES,
  MAX_METRICS_POINTS,
  MAX_METRICS_RANGE_MS,
  type MetricSeriesView,
} from "./metrics.types.ts";

/** Step sizes in seconds, from the stored bucket (a minute) up to a day. */
const STEPS = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

/** The smallest step that keeps a range within MAX_METRICS_POINTS points. */
export function metricsStepSeconds(rangeMs: number): number {
  const wanted = rangeMs / 1000 / MAX_METRICS_POINTS;
  return STEPS.find((step) => step >= wanted) ?? (STEPS.at(-1) as number);
}

interface StepRow {
  /** The series' id. */
  id: string;
  at: Date;
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number;
}

/** One step's value: a gauge's last value, a counter's increase, a timer's mean. */
function stepValue(kind: SeriesKind, row: StepRow): number {
  if (kind === "gauge") return row.last;
  if (kind === "counter") return row.sum;
  return row.count > 0 ? row.sum / row.count : 0;
}

export async function getDeploymentMetrics(
  ctx: Pick<MutationContext, "db" | "actor">,
  rawInput: GetDeploymentMetricsInput,
  now = new Date(),
): Promise<DeploymentMetrics> {
  const input = validate(getDeploymentMetricsInput, rawInput);
  const { organizationId, deploymentId } = input;
  await authorize(ctx.db, ctx.actor, "deployment.metrics.read", { organizationId, deploymentId });
  const to = input.to ?? now;
  const from = input.from ?? new Date(to.getTime() - 3_600_000);
  if (from >= to) throw new ValidationError("from", "must be before to");
  if (to.getTime() - from.getTime() > MAX_METRICS_RANGE_MS) {
    throw new ValidationError("from", "the range can be at most 30 days (how long metrics are kept)");
  }
  const keys = input.series?.length ? input.series : [...DEFAULT_METRIC_SERIES];
  const stepSeconds = metricsStepSeconds(to.getTime() - from.getTime());

  // The most recently seen label sets of each key (at most 2,000 series per deployment, the
  // collection cap, so they are read whole); the deployment is the tenant floor.
  const known = await ctx.db.metricSeries.findMany({
    where: { deploymentId, series: { in: keys } },
    orderBy: [{ series: "asc" }, { lastSeenAt: "desc" }, { id: "asc" }],
    select: { id: true, series: true, labels: true },
  });
  const picked = new Map<string, { series: string; labels: Record<string, string> }>();
  const perKey = new Map<string, number>();
  for (const row of known) {
    const count = (perKey.get(row.series) ?? 0) + 1;
    perKey.set(row.series, count);
    if (count <= MAX_LABEL_SETS_PER_SERIES) {
      picked.set(row.id, { series: row.series, labels: row.labels as Record<string, string> });
    }
  }
  // Their buckets in the range, folded into steps that start at `from`.
  const rows = await ctx.db.$queryRaw<StepRow[]>(sql`
    SELECT b."seriesId" AS "id",
           date_bin(make_interval(secs => ${stepSeconds}::int), b."bucketStart", ${from}::timestamp(3)) AS "at",
           sum(b."count")::float8 AS "count", sum(b."sum") AS "sum", min(b."min") AS "min", max(b."max") AS "max",
           (array_agg(b."last" ORDER BY b."bucketStart" DESC))[1] AS "last"
    FROM "MetricBucket" b
    WHERE b."seriesId" = ANY(${[...picked.keys()]}::text[])
      AND b."bucketStart" >= ${from}::timestamp(3) AND b."bucketStart" < ${to}::timestamp(3)
    GROUP BY b."seriesId", "at"
    ORDER BY b."seriesId", "at"`);

  const series = new Map<string, MetricSeriesView>();
  for (const row of rows) {
    const owner = picked.get(row.id);
    const definition = owner && SERIES_BY_KEY.get(owner.series);
    if (!owner || !definition) continue;
    let view = series.get(row.id);
    if (!view) {
      view = {
        key: definition.key,
        kind: definition.kind,
        unit: definition.unit,
        description: definition.description,
        labels: owner.labels,
        points: [],
      };
      series.set(row.id, view);
    }
    view.points.push({
      at: row.at,
      value: stepValue(definition.kind, row),
      min: row.min,
      max: row.max,
      count: row.count,
    });
  }
  // Keys in the order asked for; label sets of one key by their labels.
  const order = new Map(keys.map((key, index) => [key, index]));
  const ordered = [...series.values()].sort(
    (a, b) =>
      (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0) ||
      JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)),
  );
  return { from, to, stepSeconds, series: ordered, omittedLabelSets: known.length - picked.size };
}

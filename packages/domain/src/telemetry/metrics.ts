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
  id: string;
  series: string;
  labels: Record<string, string>;
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

  // The most recently seen label sets of each key, then their buckets folded into steps that
  // start at `from`. One statement; the series' deployment is the tenant floor.
  const rows = await ctx.db.$queryRaw<StepRow[]>(sql`
    WITH picked AS (
      SELECT s."id", s."series", s."labels",
             row_number() OVER (PARTITION BY s."series" ORDER BY s."lastSeenAt" DESC, s."id") AS rank
      FROM "MetricSeries" s
      WHERE s."deploymentId" = ${deploymentId} AND s."series" = ANY(${keys}::text[])
    )
    SELECT p."id", p."series", p."labels",
           date_bin(make_interval(secs => ${stepSeconds}::int), b."bucketStart", ${from}::timestamp(3)) AS "at",
           sum(b."count")::float8 AS "count", sum(b."sum") AS "sum", min(b."min") AS "min", max(b."max") AS "max",
           (array_agg(b."last" ORDER BY b."bucketStart" DESC))[1] AS "last"
    FROM picked p JOIN "MetricBucket" b ON b."seriesId" = p."id"
    WHERE p.rank <= ${MAX_LABEL_SETS_PER_SERIES}
      AND b."bucketStart" >= ${from}::timestamp(3) AND b."bucketStart" < ${to}::timestamp(3)
    GROUP BY p."id", p."series", p."labels", "at"
    ORDER BY p."series", p."id", "at"`);
  const [omitted] = await ctx.db.$queryRaw<[{ n: number }]>(sql`
    SELECT count(*)::int AS n FROM (
      SELECT row_number() OVER (PARTITION BY s."series" ORDER BY s."lastSeenAt" DESC, s."id") AS rank
      FROM "MetricSeries" s
      WHERE s."deploymentId" = ${deploymentId} AND s."series" = ANY(${keys}::text[])
    ) ranked WHERE rank > ${MAX_LABEL_SETS_PER_SERIES}`);

  const series = new Map<string, MetricSeriesView>();
  for (const row of rows) {
    const definition = SERIES_BY_KEY.get(row.series);
    if (!definition) continue;
    let view = series.get(row.id);
    if (!view) {
      view = {
        key: definition.key,
        kind: definition.kind,
        unit: definition.unit,
        description: definition.description,
        labels: row.labels,
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
  return { from, to, stepSeconds, series: ordered, omittedLabelSets: omitted?.n ?? 0 };
}

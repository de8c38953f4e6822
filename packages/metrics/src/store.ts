// Downsampling, the cardinality cap and retention. Samples are folded into one-minute buckets
// in memory (`MetricsDownsampler`), then written (`MetricsStore.write`): a bucket already stored
// for the same minute is merged, so flushing twice in a minute loses nothing.
import type { PrismaClient } from "@skyport/db";
import type { SeriesKind } from "./registry.ts";
import { labelsKey, type MetricSample } from "./samples.ts";

export const DEFAULT_BUCKET_MS = 60_000;
/** Series per deployment; samples of further new series are dropped (and counted). */
export const DEFAULT_MAX_SERIES_PER_DEPLOYMENT = 2_000;
export const DEFAULT_RETENTION_DAYS = 30;

/** One stored bucket of a series, as `MetricsStore.buckets` reads it back. */
export interface StoredMetricBucket {
  labels: Record<string, string>;
  bucketStart: Date;
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number;
}

export interface MetricBucketRow extends StoredMetricBucket {
  deploymentId: string;
  series: string;
  kind: SeriesKind;
  labelsKey: string;
}

/** Folds samples into buckets of `bucketMs` per deployment, series and labels. */
export class MetricsDownsampler {
  private readonly buckets = new Map<string, MetricBucketRow>();

  constructor(private readonly bucketMs = DEFAULT_BUCKET_MS) {}

  add(deploymentId: string, samples: MetricSample[]): void {
    for (const sample of samples) {
      const start = new Date(Math.floor(sample.at.getTime() / this.bucketMs) * this.bucketMs);
      const key = labelsKey(sample.labels);
      const id = `${deploymentId}\u0000${sample.series}\u0000${key}\u0000${start.getTime()}`;
      // A timer sample may stand for several observations; its mean is the best min/max we have.
      const point = sample.kind === "timer" ? sample.value / sample.count : sample.value;
      const existing = this.buckets.get(id);
      if (!existing) {
        this.buckets.set(id, {
          deploymentId,
          series: sample.series,
          kind: sample.kind,
          labels: sample.labels,
          labelsKey: key,
          bucketStart: start,
          count: sample.count,
          sum: sample.value,
          min: point,
          max: point,
          last: sample.value,
        });
        continue;
      }
      existing.count += sample.count;
      existing.sum += sample.value;
      existing.min = Math.min(existing.min, point);
      existing.max = Math.max(existing.max, point);
      existing.last = sample.value;
    }
  }

  /** Every bucket so far, emptying the downsampler. */
  drain(): MetricBucketRow[] {
    const rows = [...this.buckets.values()];
    this.buckets.clear();
    return rows;
  }
}

export interface WriteResult {
  buckets: number;
  newSeries: number;
  /** Distinct series refused by the cardinality cap, per deployment. */
  droppedSeries: Record<string, number>;
}

export class MetricsStore {
  constructor(
    private readonly db: PrismaClient,
    private readonly options: { maxSeriesPerDeployment?: number } = {},
  ) {}

  async write(rows: MetricBucketRow[]): Promise<WriteResult> {
    const cap = this.options.maxSeriesPerDeployment ?? DEFAULT_MAX_SERIES_PER_DEPLOYMENT;
    const result: WriteResult = { buckets: 0, newSeries: 0, droppedSeries: {} };
    const byDeployment = new Map<string, MetricBucketRow[]>();
    for (const row of rows)
      byDeployment.set(row.deploymentId, [...(byDeployment.get(row.deploymentId) ?? []), row]);
    for (const [deploymentId, deploymentRows] of byDeployment) {
      const ids = await this.seriesIds(deploymentId, deploymentRows, cap, result);
      const kept = deploymentRows.filter((row) => ids.has(seriesIdentity(row)));
      if (!kept.length) continue;
      await this.db.$executeRaw`
        INSERT INTO "MetricBucket" ("seriesId", "bucketStart", "count", "sum", "min", "max", "last")
        SELECT * FROM unnest(
          ${kept.map((row) => ids.get(seriesIdentity(row)))}::text[],
          ${kept.map((row) => row.bucketStart)}::timestamp(3)[],
          ${kept.map((row) => row.count)}::int[],
          ${kept.map((row) => row.sum)}::float8[],
          ${kept.map((row) => row.min)}::float8[],
          ${kept.map((row) => row.max)}::float8[],
          ${kept.map((row) => row.last)}::float8[]
        )
        ON CONFLICT ("seriesId", "bucketStart") DO UPDATE SET
          "count" = "MetricBucket"."count" + EXCLUDED."count",
          "sum" = "MetricBucket"."sum" + EXCLUDED."sum",
          "min" = LEAST("MetricBucket"."min", EXCLUDED."min"),
          "max" = GREATEST("MetricBucket"."max", EXCLUDED."max"),
          "last" = EXCLUDED."last"`;
      result.buckets += kept.length;
    }
    return result;
  }

  /** The ids of the rows' series, creating new ones while the deployment is under its cap. */
  private async seriesIds(
    deploymentId: string,
    rows: MetricBucketRow[],
    cap: number,
    result: WriteResult,
  ): Promise<Map<string, string>> {
    const wanted = new Map(rows.map((row) => [seriesIdentity(row), row]));
    const ids = new Map<string, string>();
    const existing = await this.db.metricSeries.findMany({
      where: { deploymentId, series: { in: [...new Set(rows.map((row) => row.series))] } },
      select: { id: true, series: true, labelsKey: true },
    });
    for (const series of existing) {
      const identity = `${series.series}\u0000${series.labelsKey}`;
      if (wanted.has(identity)) ids.set(identity, series.id);
    }
    const missing = [...wanted.entries()].filter(([identity]) => !ids.has(identity));
    if (missing.length) {
      const count = await this.db.metricSeries.count({ where: { deploymentId } });
      const room = Math.max(0, cap - count);
      const admitted = missing.slice(0, room);
      if (missing.length > room) result.droppedSeries[deploymentId] = missing.length - room;
      if (admitted.length) {
        await this.db.metricSeries.createMany({
          data: admitted.map(([, row]) => ({
            deploymentId,
            series: row.series,
            labelsKey: row.labelsKey,
            labels: row.labels,
            lastSeenAt: row.bucketStart,
          })),
          skipDuplicates: true,
        });
        const created = await this.db.metricSeries.findMany({
          where: {
            deploymentId,
            OR: admitted.map(([, row]) => ({ series: row.series, labelsKey: row.labelsKey })),
          },
          select: { id: true, series: true, labelsKey: true },
        });
        for (const series of created) ids.set(`${series.series}\u0000${series.labelsKey}`, series.id);
        result.newSeries += admitted.length;
      }
    }
    const seen = new Map<string, Date>();
    for (const row of rows) {
      const id = ids.get(seriesIdentity(row));
      const before = id && seen.get(id);
      if (id && (!before || before < row.bucketStart)) seen.set(id, row.bucketStart);
    }
    if (seen.size) {
      await this.db.$executeRaw`
        UPDATE "MetricSeries" s SET "lastSeenAt" = GREATEST(s."lastSeenAt", v.seen)
        FROM unnest(${[...seen.keys()]}::text[], ${[...seen.values()]}::timestamp(3)[]) AS v(id, seen)
        WHERE s."id" = v.id`;
    }
    return ids;
  }

  /**
   * Retention: deletes buckets older than `retentionDays`, then series with no bucket left that
   * were not seen within the period, and series of deployments that no longer exist.
   */
  async sweep(
    now: Date,
    retentionDays = DEFAULT_RETENTION_DAYS,
  ): Promise<{ buckets: number; series: number }> {
    const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
    const buckets = await this.db.metricBucket.deleteMany({ where: { bucketStart: { lt: cutoff } } });
    const series = await this.db.$executeRaw`
      DELETE FROM "MetricSeries" s
      WHERE (s."lastSeenAt" < ${cutoff} AND NOT EXISTS (SELECT 1 FROM "MetricBucket" b WHERE b."seriesId" = s."id"))
         OR NOT EXISTS (SELECT 1 FROM "Deployment" d WHERE d."id" = s."deploymentId")`;
    return { buckets: buckets.count, series };
  }

  /** A series' buckets in a time range, oldest first. */
  async buckets(
    deploymentId: string,
    series: string,
    range: { from: Date; to: Date },
  ): Promise<StoredMetricBucket[]> {
    const rows = await this.db.metricBucket.findMany({
      where: { series: { deploymentId, series }, bucketStart: { gte: range.from, lt: range.to } },
      orderBy: [{ bucketStart: "asc" }],
      select: {
        bucketStart: true,
        count: true,
        sum: true,
        min: true,
        max: true,
        last: true,
        series: { select: { labels: true } },
      },
    });
    return rows.map(({ series: owner, ...bucket }) => ({
      ...bucket,
      labels: owner.labels as Record<string, string>,
    }));
  }
}

function seriesIdentity(row: { series: string; labelsKey: string }): string {
  return `${row.series}\u0000${row.labelsKey}`;
}

/**
 * Collection into storage for one process: samples from the StatsD receiver or a scrape go in
 * with `record`, and `flush` (on an interval, and at shutdown) writes the buckets so far.
 */
export class MetricsRecorder {
  private readonly downsampler: MetricsDownsampler;

  constructor(
    private readonly store: MetricsStore,
    options: { bucketMs?: number } = {},
  ) {
    this.downsampler = new MetricsDownsampler(options.bucketMs);
  }

  record(deploymentId: string, samples: MetricSample[]): void {
    this.downsampler.add(deploymentId, samples);
  }

  flush(): Promise<WriteResult> {
    return this.store.write(this.downsampler.drain());
  }
}

// Telemetry jobs: derive the run model from raw lineage events, sweep for anything a coalesced
// job left behind, and drop raw partitions past the retention period; scrape runtime metrics and
// apply their retention.
//
// Runtime metrics on Kubernetes: every interval the worker scrapes each HEALTHY deployment's
// statsd-exporter (the in-cluster address of its rendered Service; allow-statsd admits Skyport's
// worker pods on the metrics port), turns the Prometheus text into registry samples (counters
// and timers as increases since the previous scrape) and stores them downsampled to one-minute
// buckets under the per-deployment cardinality cap. The previous scrape's values live in this
// process: with several workers, whichever takes a scrape job compares with its own previous
// scrape of that deployment (the first one only sets a baseline), so run the scrape in one
// worker or accept overlapping increases.
import type { PrismaClient } from "@skyport/db";
import {
  DEFAULT_LINEAGE_RETENTION_DAYS,
  deploymentsWithPendingLineage,
  deriveDeploymentLineage,
  dropExpiredLineagePartitions,
} from "@skyport/domain";
import type { Logger } from "@skyport/logger";
import {
  DEFAULT_RETENTION_DAYS,
  type MetricSample,
  MetricsRecorder,
  MetricsStore,
  PrometheusNormalizer,
  scrapePrometheus,
} from "@skyport/metrics";
import { statsdMetricsUrl } from "@skyport/provisioning";
import { type JobProducer, jobs, MAX_SCOPED_RUN_IDS } from "@skyport/queue";
import type { Job } from "bullmq";

/** How often the sweep derives deployments with unsettled events. */
export const LINEAGE_SWEEP_INTERVAL_MS = 10_000;
/** How often raw partitions past retention are dropped. */
export const LINEAGE_RETENTION_INTERVAL_MS = 60 * 60 * 1000;

type Producer = Pick<JobProducer, "enqueue">;

/**
 * Derives, then (when runs changed) asks for the deployment's alert evaluation scoped to the runs
 * this derivation touched: the evaluation reads only their DAGs, not the deployment's history.
 */
async function deriveAndEvaluate(db: PrismaClient, producer: Producer, deploymentId: string) {
  const touched = new Set<string>();
  const derived = await deriveDeploymentLineage(db, deploymentId, {
    onDerived: (runIds) => {
      for (const runId of runIds) touched.add(runId);
    },
  });
  if (derived.runs > 0) {
    const runIds = touched.size <= MAX_SCOPED_RUN_IDS ? { runIds: [...touched] } : {};
    await producer.enqueue(jobs.alertEvaluation, { deploymentId, at: Date.now(), ...runIds });
  }
  return derived;
}

/** telemetry.lineage-derive: one deployment, everything past its cursor. */
export function lineageDeriveHandler(db: PrismaClient, producer: Producer) {
  return async (job: Job) => {
    const { deploymentId } = jobs.lineageDerive.payload.parse(job.data);
    return deriveAndEvaluate(db, producer, deploymentId);
  };
}

/** telemetry.lineage-derive-sweep: every deployment with unsettled events. */
export function lineageDeriveSweepHandler(db: PrismaClient, producer: Producer) {
  return async () => {
    const deployments = await deploymentsWithPendingLineage(db);
    for (const deploymentId of deployments) {
      await deriveAndEvaluate(db, producer, deploymentId);
    }
    return { deployments: deployments.length };
  };
}

/** telemetry.lineage-retention: drops month partitions older than the retention period. */
export function lineageRetentionHandler(
  db: PrismaClient,
  logger: Logger,
  retentionDays = DEFAULT_LINEAGE_RETENTION_DAYS,
) {
  return async () => {
    const dropped = await dropExpiredLineagePartitions(db, { retentionDays });
    if (dropped.length > 0) logger.info({ dropped, retentionDays }, "dropped expired lineage partitions");
    return { dropped };
  };
}

export const METRICS_SCRAPE_INTERVAL_MS = 30_000;
export const METRICS_RETENTION_INTERVAL_MS = 60 * 60 * 1000;
/** Deployments scraped at once. */
const SCRAPE_CONCURRENCY = 8;
const SCRAPE_TIMEOUT_MS = 10_000;

export interface ScrapeTarget {
  readonly deploymentId: string;
  readonly url: string;
}

export interface MetricsScraperOptions {
  /** Where a namespace's exporter answers; default its in-cluster Service address. */
  readonly urlFor?: (namespace: string) => string;
  readonly maxSeriesPerDeployment?: number;
  readonly now?: () => Date;
}

export interface ScrapeSummary {
  deployments: number;
  scraped: number;
  failed: number;
  samples: number;
  buckets: number;
  droppedSeries: Record<string, number>;
}

export class MetricsScraper {
  private readonly normalizers = new Map<string, PrometheusNormalizer>();
  private readonly recorder: MetricsRecorder;

  constructor(
    private readonly db: PrismaClient,
    private readonly logger: Logger,
    private readonly options: MetricsScraperOptions = {},
  ) {
    this.recorder = new MetricsRecorder(
      new MetricsStore(
        db,
        options.maxSeriesPerDeployment === undefined
          ? {}
          : { maxSeriesPerDeployment: options.maxSeriesPerDeployment },
      ),
    );
  }

  /** The deployments to scrape: HEALTHY ones (their exporter runs), not deleted. */
  async targets(): Promise<ScrapeTarget[]> {
    const urlFor = this.options.urlFor ?? statsdMetricsUrl;
    const rows = await this.db.deployment.findMany({
      where: { status: "HEALTHY", deletedAt: null },
      select: { id: true, namespace: true },
      orderBy: { id: "asc" },
    });
    return rows.map((row) => ({ deploymentId: row.id, url: urlFor(row.namespace) }));
  }

  /** One scrape of every target, then the samples written. A target that fails is logged and skipped. */
  async scrapeAll(): Promise<ScrapeSummary> {
    const targets = await this.targets();
    const live = new Set(targets.map((target) => target.deploymentId));
    for (const id of this.normalizers.keys()) if (!live.has(id)) this.normalizers.delete(id);
    let scraped = 0;
    let failed = 0;
    let samples = 0;
    for (let start = 0; start < targets.length; start += SCRAPE_CONCURRENCY) {
      const slice = targets.slice(start, start + SCRAPE_CONCURRENCY);
      await Promise.all(
        slice.map(async (target) => {
          let normalizer = this.normalizers.get(target.deploymentId);
          if (!normalizer) {
            normalizer = new PrometheusNormalizer();
            this.normalizers.set(target.deploymentId, normalizer);
          }
          try {
            const got = await scrapePrometheus(target.url, normalizer, {
              timeoutMs: SCRAPE_TIMEOUT_MS,
              ...(this.options.now ? { now: this.options.now } : {}),
            });
            this.recorder.record(target.deploymentId, got);
            samples += got.length;
            scraped++;
          } catch (error) {
            failed++;
            this.logger.warn(
              {
                deploymentId: target.deploymentId,
                err: error instanceof Error ? error.message : String(error),
              },
              "metrics scrape failed",
            );
          }
        }),
      );
    }
    const written = await this.recorder.flush();
    if (Object.keys(written.droppedSeries).length > 0) {
      this.logger.warn({ droppedSeries: written.droppedSeries }, "metric series over the per-deployment cap");
    }
    return {
      deployments: targets.length,
      scraped,
      failed,
      samples,
      buckets: written.buckets,
      droppedSeries: written.droppedSeries,
    };
  }
}

/** How often the local runtimes' received StatsD samples are written. */
export const LOCAL_METRICS_FLUSH_INTERVAL_MS = 10_000;

/**
 * Local runtimes' metrics: their Airflow sends StatsD to the worker's receivers (one per runtime,
 * see @skyport/local-runtime), which map it exactly as the rendered statsd-exporter mapping does;
 * the samples are buffered here and written, downsampled under the same cardinality cap as
 * scraped ones, on an interval.
 */
export class LocalMetricsCollector {
  private readonly recorder: MetricsRecorder;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<unknown> = Promise.resolve();

  constructor(
    db: PrismaClient,
    private readonly logger: Logger,
  ) {
    this.recorder = new MetricsRecorder(new MetricsStore(db));
  }

  record(deploymentId: string, samples: MetricSample[]): void {
    this.recorder.record(deploymentId, samples);
  }

  /** Writes what was received so far (also run by tests). */
  flush(): Promise<unknown> {
    this.flushing = this.flushing.then(() =>
      this.recorder.flush().then(
        (written) => {
          if (Object.keys(written.droppedSeries).length > 0)
            this.logger.warn(
              { droppedSeries: written.droppedSeries },
              "metric series over the per-deployment cap",
            );
          return written;
        },
        (error: unknown) =>
          this.logger.warn(
            { err: error instanceof Error ? error.message : String(error) },
            "local runtime metrics could not be written",
          ),
      ),
    );
    return this.flushing;
  }

  start(intervalMs = LOCAL_METRICS_FLUSH_INTERVAL_MS): void {
    this.timer ??= setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}

/** telemetry.metrics-scrape */
export function metricsScrapeHandler(scraper: MetricsScraper) {
  return () => scraper.scrapeAll();
}

/** telemetry.metrics-retention: buckets and series past the retention period. */
export function metricsRetentionHandler(
  db: PrismaClient,
  logger: Logger,
  retentionDays = DEFAULT_RETENTION_DAYS,
) {
  const store = new MetricsStore(db);
  return async () => {
    const removed = await store.sweep(new Date(), retentionDays);
    if (removed.buckets > 0 || removed.series > 0)
      logger.info({ ...removed, retentionDays }, "metrics retention");
    return removed;
  };
}

import path from "node:path";
import { mailSettings, type WorkerEnv } from "@skyport/config";
import { createDatabaseClient } from "@skyport/db";
import { auditAnchorKeys, billingRuntimeOf, createSecretBox, parseKeyring } from "@skyport/domain";
import type { LocalRuntimes } from "@skyport/local-runtime";
import type { Logger } from "@skyport/logger";
import { redactUrl } from "@skyport/logger";
import { createMailer } from "@skyport/mail";
import { objectStoreFromEnvironment } from "@skyport/object-store";
import {
  ALERT_TICK_INTERVAL_MS,
  BILLING_RECONCILE_INTERVAL_MS,
  BILLING_USAGE_REPORT_INTERVAL_MS,
  BUNDLE_COLLECTION_INTERVAL_MS,
  createRedisConnection,
  DEPLOY_ROLLOUT_SWEEP_INTERVAL_MS,
  HEARTBEAT_INTERVAL_MS,
  JobProducer,
  jobs,
  type QueueConsumer,
  type QueueName,
  REPORT_TICK_INTERVAL_MS,
  startWorkerRuntime,
  TUNING_RECOMPUTE_INTERVAL_MS,
} from "@skyport/queue";
import {
  type AlertJobOptions,
  alertDeliveryHandler,
  alertEvaluationHandler,
  alertTickHandler,
} from "./jobs/alerts.ts";
import {
  AUDIT_CHECKPOINT_INTERVAL_MS,
  AUDIT_STREAM_INTERVAL_MS,
  auditCheckpointHandler,
  auditStreamHandler,
} from "./jobs/audit.ts";
import { billingReconcileHandler, billingSyncHandler, billingUsageReportHandler } from "./jobs/billing.ts";
import { deploymentReconcileHandler } from "./jobs/deployment-reconcile.ts";
import { bundleCollectionHandler, deployRolloutSweepHandler } from "./jobs/deploys.ts";
import { driftSweepHandler, warmUpDriftSweep } from "./jobs/drift-sweep.ts";
import { heartbeatHandler } from "./jobs/heartbeat.ts";
import { invitationEmailHandler } from "./jobs/invitation-email.ts";
import {
  reportConfirmationHandler,
  reportDeliveryHandler,
  reportRunHandler,
  reportTickHandler,
} from "./jobs/reports.ts";
import {
  LINEAGE_RETENTION_INTERVAL_MS,
  LINEAGE_SWEEP_INTERVAL_MS,
  LocalMetricsCollector,
  lineageDeriveHandler,
  lineageDeriveSweepHandler,
  lineageRetentionHandler,
  METRICS_RETENTION_INTERVAL_MS,
  METRICS_SCRAPE_INTERVAL_MS,
  MetricsScraper,
  metricsRetentionHandler,
  metricsScrapeHandler,
} from "./jobs/telemetry.ts";
import { tuningRecomputeHandler } from "./jobs/tuning.ts";
import {
  createProvisioning,
  type ProvisioningConfig,
  type ProvisioningOptions,
} from "./provisioning/provisioning.ts";

export interface SkyportWorker {
  /** Resolves when every queue consumer is connected and taking jobs. */
  start(): Promise<void>;
  /** Stops taking jobs, lets active ones finish (bounded by the shutdown timeout), disconnects. */
  stop(): Promise<{ graceful: boolean }>;
}

/**
 * The worker's composition root: connections, consumers per queue, schedules. Kept apart
 * from main.ts so tests can run the real worker in-process.
 */
export function createSkyportWorker(
  config: Pick<
    WorkerEnv,
    | "REDIS_URL"
    | "DATABASE_URL"
    | "SKYPORT_SECRET"
    | "SKYPORT_KEK"
    | "SKYPORT_PUBLIC_URL"
    | "SMTP_URL"
    | "SMTP_FROM"
    | "SKYPORT_STATE_DIR"
    | "WORKER_CONCURRENCY"
    | "WORKER_SHUTDOWN_TIMEOUT_MS"
    | "SKYPORT_LINEAGE_RETENTION_DAYS"
    | "SKYPORT_OBJECT_STORE_URL"
    | "SKYPORT_OBJECT_STORE_ACCESS_KEY_ID"
    | "SKYPORT_OBJECT_STORE_SECRET_ACCESS_KEY"
    | "SKYPORT_DEPLOY_ROLLOUT_TIMEOUT_SECONDS"
    | "SKYPORT_AUDIT_SIGNING_KEY"
    | "SKYPORT_AUDIT_TRUSTED_KEYS"
    | "SKYPORT_AUDIT_CHECKPOINT_SECONDS"
    | "SKYPORT_AUDIT_SIEM_URL"
    | "SKYPORT_AUDIT_SIEM_SECRET"
    | "SKYPORT_STRIPE_SECRET_KEY"
    | "SKYPORT_STRIPE_WEBHOOK_SECRET"
    | "SKYPORT_STRIPE_PUBLISHABLE_KEY"
    | "SKYPORT_STRIPE_API_URL"
    | "SKYPORT_BILLING_PLANS_FILE"
  > &
    ProvisioningConfig,
  logger: Logger,
  options: {
    prefix?: string;
    extraConsumers?: QueueConsumer[];
    /** Where a namespace's statsd-exporter answers, when not at its in-cluster address (tests). */
    metricsUrlFor?: (namespace: string) => string;
    metricsScrapeIntervalMs?: number;
    /** The local runtimes' supervisor (SKYPORT_RUNTIME=local): resumed on start, stopped on stop. */
    localRuntimes?: LocalRuntimes | null;
    alerts?: AlertJobOptions;
  } & ProvisioningOptions = {},
): SkyportWorker {
  const connection = createRedisConnection(config.REDIS_URL);
  const producer = new JobProducer(connection, options.prefix);
  const db = createDatabaseClient(config.DATABASE_URL, { maxConnections: config.WORKER_CONCURRENCY + 1 });
  const mailer = createMailer(mailSettings(config), logger);
  const secrets = createSecretBox({ keyring: parseKeyring(config.SKYPORT_KEK) });
  const localRuntimes = options.cluster ? null : (options.localRuntimes ?? null);
  const provisioning = createProvisioning(config, logger, db, secrets, {
    ...options,
    local: localRuntimes,
  });
  // The same store the web process uploads DAG bundles to.
  const objectStore = objectStoreFromEnvironment({
    url: config.SKYPORT_OBJECT_STORE_URL,
    defaultDirectory: path.resolve(config.SKYPORT_STATE_DIR ?? ".skyport", "objects"),
    accessKeyId: config.SKYPORT_OBJECT_STORE_ACCESS_KEY_ID,
    secretAccessKey: config.SKYPORT_OBJECT_STORE_SECRET_ACCESS_KEY,
  });
  // Audit checkpoints go to the same store, outside the database they anchor.
  const auditKeys = auditAnchorKeys(config);
  const auditAnchors = auditKeys.signing ? { store: objectStore, keys: auditKeys } : null;
  const siem =
    config.SKYPORT_AUDIT_SIEM_URL && config.SKYPORT_AUDIT_SIEM_SECRET
      ? { url: config.SKYPORT_AUDIT_SIEM_URL, secret: config.SKYPORT_AUDIT_SIEM_SECRET }
      : null;
  // Stripe billing (null when off): webhook syncs and the periodic reconciliation.
  const billing = billingRuntimeOf(config, config.SKYPORT_PUBLIC_URL ?? "http://localhost:3000");
  let runtime: ReturnType<typeof startWorkerRuntime> | undefined;
  // Runtimes' statsd-exporters are scraped where they run: in the cluster (in-cluster Service
  // addresses), or wherever options.metricsUrlFor says (tests).
  const metricsScraper = new MetricsScraper(
    db,
    logger,
    options.metricsUrlFor ? { urlFor: options.metricsUrlFor } : {},
  );
  const scrapesMetrics = Boolean(options.cluster || options.metricsUrlFor);
  // Local runtimes send StatsD to the worker instead (their receivers map it the same way).
  const localMetrics = localRuntimes ? new LocalMetricsCollector(db, logger) : null;
  if (localRuntimes && localMetrics) {
    localRuntimes.metricsSink = (deploymentId, samples) => localMetrics.record(deploymentId, samples);
  }

  const consumers: QueueConsumer[] = [
    {
      queue: "system",
      concurrency: 1,
      handlers: {
        [jobs.workerHeartbeat.name]: heartbeatHandler(connection, options.prefix),
        [jobs.bundleCollection.name]: bundleCollectionHandler(db, objectStore, logger),
        [jobs.deployRolloutSweep.name]: deployRolloutSweepHandler(
          db,
          config.SKYPORT_DEPLOY_ROLLOUT_TIMEOUT_SECONDS,
          logger,
        ),
        ...(auditAnchors
          ? { [jobs.auditCheckpoint.name]: auditCheckpointHandler(db, auditAnchors, logger) }
          : {}),
        ...(siem ? { [jobs.auditStream.name]: auditStreamHandler(db, siem, logger) } : {}),
      },
    },
    {
      queue: "email",
      concurrency: config.WORKER_CONCURRENCY,
      handlers: {
        [jobs.invitationEmail.name]: invitationEmailHandler({
          db,
          mailer,
          logger,
          secret: config.SKYPORT_SECRET,
          publicUrl: config.SKYPORT_PUBLIC_URL ?? "http://localhost:3000",
        }),
        [jobs.reportSubscriberConfirmation.name]: reportConfirmationHandler({
          db,
          mailer,
          secret: config.SKYPORT_SECRET,
          publicUrl: config.SKYPORT_PUBLIC_URL ?? "http://localhost:3000",
        }),
      },
    },
    {
      queue: "provisioning",
      concurrency: config.WORKER_CONCURRENCY,
      handlers: {
        [jobs.deploymentReconcile.name]: deploymentReconcileHandler(provisioning.reconciler),
        [jobs.deploymentDriftSweep.name]: driftSweepHandler(
          provisioning.repository,
          producer,
          provisioning.driftSweepIntervalMs,
        ),
      },
    },
    {
      queue: "telemetry",
      concurrency: config.WORKER_CONCURRENCY,
      handlers: {
        [jobs.lineageDerive.name]: lineageDeriveHandler(db, producer),
        [jobs.lineageDeriveSweep.name]: lineageDeriveSweepHandler(db, producer),
        [jobs.lineageRetention.name]: lineageRetentionHandler(
          db,
          logger,
          config.SKYPORT_LINEAGE_RETENTION_DAYS,
        ),
        [jobs.metricsScrape.name]: metricsScrapeHandler(metricsScraper),
        [jobs.metricsRetention.name]: metricsRetentionHandler(db, logger),
        [jobs.tuningRecompute.name]: tuningRecomputeHandler(
          db,
          options.alerts?.clock,
          billing?.plans ?? null,
        ),
      },
    },
    {
      queue: "alerts",
      concurrency: config.WORKER_CONCURRENCY,
      handlers: {
        [jobs.alertEvaluation.name]: alertEvaluationHandler(db, producer, options.alerts?.clock),
        [jobs.alertTick.name]: alertTickHandler(db, producer, options.alerts?.clock),
        [jobs.reportTick.name]: reportTickHandler(db, producer, options.alerts?.clock),
        [jobs.reportRun.name]: reportRunHandler(db, producer, options.alerts?.clock),
      },
    },
    {
      queue: "notifications",
      concurrency: config.WORKER_CONCURRENCY,
      handlers: {
        [jobs.alertDelivery.name]: alertDeliveryHandler({
          db,
          secrets,
          mailer,
          logger,
          publicUrl: config.SKYPORT_PUBLIC_URL ?? "http://localhost:3000",
          options: options.alerts,
        }),
        [jobs.reportDelivery.name]: reportDeliveryHandler({
          db,
          secrets,
          mailer,
          logger,
          secret: config.SKYPORT_SECRET,
          publicUrl: config.SKYPORT_PUBLIC_URL ?? "http://localhost:3000",
          retry: options.alerts?.retry,
        }),
      },
    },
    ...(billing
      ? [
          {
            queue: "billing" as const,
            concurrency: 1,
            handlers: {
              [jobs.billingSync.name]: billingSyncHandler(db, billing, logger),
              [jobs.billingReconcile.name]: billingReconcileHandler(db, billing, logger),
              [jobs.billingUsageReport.name]: billingUsageReportHandler(db, billing),
            },
          },
        ]
      : []),
    ...(options.extraConsumers ?? []),
  ];

  return {
    async start() {
      await connection.connect();
      // Runtimes a previous worker left: adopt the processes still running, restart the others.
      localMetrics?.start();
      const resumed = localRuntimes?.start() ?? [];
      if (resumed.length > 0) logger.info({ runtimes: resumed }, "local runtimes resumed");
      // Prisma's first query loads its query compiler, and each new query shape is compiled on
      // first use, blocking the event loop for ~50-150 ms: do that for the drift sweep's query,
      // which runs at once, before taking jobs (a stop signal arriving then must not wait).
      await warmUpDriftSweep(provisioning.repository).catch(() => {});
      runtime = startWorkerRuntime({ connection, consumers, logger, prefix: options.prefix });
      await runtime.ready;
      // Job schedulers (not timers in this process) so several workers share one beat.
      const schedules: Array<[string, number, { name: string; queue: QueueName; options: object }]> = [
        ["worker-heartbeat", HEARTBEAT_INTERVAL_MS, jobs.workerHeartbeat],
        ["bundle-collection", BUNDLE_COLLECTION_INTERVAL_MS, jobs.bundleCollection],
        ["deploy-rollout-sweep", DEPLOY_ROLLOUT_SWEEP_INTERVAL_MS, jobs.deployRolloutSweep],
        ["deployment-drift-sweep", provisioning.driftSweepIntervalMs, jobs.deploymentDriftSweep],
        ["lineage-derive-sweep", LINEAGE_SWEEP_INTERVAL_MS, jobs.lineageDeriveSweep],
        ["lineage-retention", LINEAGE_RETENTION_INTERVAL_MS, jobs.lineageRetention],
        ["metrics-retention", METRICS_RETENTION_INTERVAL_MS, jobs.metricsRetention],
        ["alert-tick", ALERT_TICK_INTERVAL_MS, jobs.alertTick],
        ["tuning-recompute", TUNING_RECOMPUTE_INTERVAL_MS, jobs.tuningRecompute],
        ["report-tick", REPORT_TICK_INTERVAL_MS, jobs.reportTick],
      ];
      if (auditAnchors) {
        const seconds = config.SKYPORT_AUDIT_CHECKPOINT_SECONDS;
        schedules.push([
          "audit-checkpoint",
          seconds ? seconds * 1000 : AUDIT_CHECKPOINT_INTERVAL_MS,
          jobs.auditCheckpoint,
        ]);
      }
      if (siem) schedules.push(["audit-stream", AUDIT_STREAM_INTERVAL_MS, jobs.auditStream]);
      if (billing) {
        schedules.push(["billing-reconcile", BILLING_RECONCILE_INTERVAL_MS, jobs.billingReconcile]);
        schedules.push(["billing-usage-report", BILLING_USAGE_REPORT_INTERVAL_MS, jobs.billingUsageReport]);
      }
      // Runtimes' exporters are reachable with a cluster (or where a test points).
      if (scrapesMetrics) {
        schedules.push([
          "metrics-scrape",
          options.metricsScrapeIntervalMs ?? METRICS_SCRAPE_INTERVAL_MS,
          jobs.metricsScrape,
        ]);
      }
      for (const [id, every, job] of schedules) {
        await producer
          .queue(job.queue)
          .upsertJobScheduler(id, { every }, { name: job.name, data: {}, opts: job.options });
      }
      logger.info(
        {
          redis: redactUrl(config.REDIS_URL),
          queues: consumers.map((c) => c.queue),
          concurrency: config.WORKER_CONCURRENCY,
          email: mailer.delivery,
          ...provisioning.summary,
          auditAnchoring: auditAnchors
            ? `checkpoints signed with key ${auditAnchors.keys.signing?.keyId}`
            : "off: SKYPORT_AUDIT_SIGNING_KEY is not set",
          auditStream: siem ? "on" : "off",
        },
        "worker ready",
      );
    },
    async stop() {
      logger.info(
        { timeoutMs: config.WORKER_SHUTDOWN_TIMEOUT_MS },
        "worker shutting down: finishing active jobs",
      );
      // Local runtimes stop alongside (Airflow's graceful shutdown lets running tasks finish);
      // what they want stays on disk, so the next start brings them back.
      const [result] = await Promise.all([
        runtime ? runtime.shutdown(config.WORKER_SHUTDOWN_TIMEOUT_MS) : { graceful: true },
        localRuntimes?.stopAll(),
      ]);
      await localMetrics?.stop();
      await producer.close();
      mailer.close();
      await provisioning.close();
      await db.$disconnect();
      connection.disconnect();
      logger.info({ graceful: result.graceful }, "worker stopped");
      return result;
    },
  };
}

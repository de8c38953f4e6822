import path from "node:path";
import { mailSettings, type WorkerEnv } from "@skyport/config";
import { createDatabaseClient } from "@skyport/db";
import { createSecretBox, parseKeyring } from "@skyport/domain";
import type { Logger } from "@skyport/logger";
import { redactUrl } from "@skyport/logger";
import { createMailer } from "@skyport/mail";
import { objectStoreFromEnvironment } from "@skyport/object-store";
import {
  ALERT_TICK_INTERVAL_MS,
  BUNDLE_COLLECTION_INTERVAL_MS,
  createRedisConnection,
  HEARTBEAT_INTERVAL_MS,
  JobProducer,
  jobs,
  type QueueConsumer,
  startWorkerRuntime,
} from "@skyport/queue";
import {
  type AlertJobOptions,
  alertDeliveryHandler,
  alertEvaluationHandler,
  alertTickHandler,
} from "./jobs/alerts.ts";
import { bundleCollectionHandler } from "./jobs/bundle-collection.ts";
import { deploymentReconcileHandler } from "./jobs/deployment-reconcile.ts";
import { driftSweepHandler, warmUpDriftSweep } from "./jobs/drift-sweep.ts";
import { heartbeatHandler } from "./jobs/heartbeat.ts";
import { invitationEmailHandler } from "./jobs/invitation-email.ts";
import {
  LINEAGE_RETENTION_INTERVAL_MS,
  LINEAGE_SWEEP_INTERVAL_MS,
  lineageDeriveHandler,
  lineageDeriveSweepHandler,
  lineageRetentionHandler,
} from "./jobs/lineage-derive.ts";
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
  > &
    ProvisioningConfig,
  logger: Logger,
  options: {
    prefix?: string;
    extraConsumers?: QueueConsumer[];
    alerts?: AlertJobOptions;
  } & ProvisioningOptions = {},
): SkyportWorker {
  const connection = createRedisConnection(config.REDIS_URL);
  const producer = new JobProducer(connection, options.prefix);
  const db = createDatabaseClient(config.DATABASE_URL, { maxConnections: config.WORKER_CONCURRENCY + 1 });
  const mailer = createMailer(mailSettings(config), logger);
  const secrets = createSecretBox({ keyring: parseKeyring(config.SKYPORT_KEK) });
  const provisioning = createProvisioning(config, logger, db, secrets, options);
  // The same store the web process uploads DAG bundles to.
  const objectStore = objectStoreFromEnvironment({
    url: config.SKYPORT_OBJECT_STORE_URL,
    defaultDirectory: path.resolve(config.SKYPORT_STATE_DIR ?? ".skyport", "objects"),
    accessKeyId: config.SKYPORT_OBJECT_STORE_ACCESS_KEY_ID,
    secretAccessKey: config.SKYPORT_OBJECT_STORE_SECRET_ACCESS_KEY,
  });
  let runtime: ReturnType<typeof startWorkerRuntime> | undefined;

  const consumers: QueueConsumer[] = [
    {
      queue: "system",
      concurrency: 1,
      handlers: {
        [jobs.workerHeartbeat.name]: heartbeatHandler(connection, options.prefix),
        [jobs.bundleCollection.name]: bundleCollectionHandler(db, objectStore, logger),
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
      },
    },
    {
      queue: "provisioning",
      concurrency: config.WORKER_CONCURRENCY,
      handlers: {
        [jobs.deploymentReconcile.name]: deploymentReconcileHandler(provisioning.reconciler),
        [jobs.deploymentDriftSweep.name]: driftSweepHandler(provisioning.repository, producer),
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
      },
    },
    {
      queue: "alerts",
      concurrency: config.WORKER_CONCURRENCY,
      handlers: {
        [jobs.alertEvaluation.name]: alertEvaluationHandler(db, producer, options.alerts?.clock),
        [jobs.alertTick.name]: alertTickHandler(db, producer, options.alerts?.clock),
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
      },
    },
    ...(options.extraConsumers ?? []),
  ];

  return {
    async start() {
      await connection.connect();
      // Prisma's first query loads its query compiler, and each new query shape is compiled on
      // first use, blocking the event loop for ~50-150 ms: do that for the drift sweep's query,
      // which runs at once, before taking jobs (a stop signal arriving then must not wait).
      await warmUpDriftSweep(provisioning.repository).catch(() => {});
      runtime = startWorkerRuntime({ connection, consumers, logger, prefix: options.prefix });
      await runtime.ready;
      // A job scheduler (not a timer in this process) so several workers share one beat.
      await producer
        .queue("system")
        .upsertJobScheduler(
          "worker-heartbeat",
          { every: HEARTBEAT_INTERVAL_MS },
          { name: jobs.workerHeartbeat.name, data: {}, opts: jobs.workerHeartbeat.options },
        );
      await producer
        .queue("system")
        .upsertJobScheduler(
          "bundle-collection",
          { every: BUNDLE_COLLECTION_INTERVAL_MS },
          { name: jobs.bundleCollection.name, data: {}, opts: jobs.bundleCollection.options },
        );
      await producer
        .queue("provisioning")
        .upsertJobScheduler(
          "deployment-drift-sweep",
          { every: provisioning.driftSweepIntervalMs },
          { name: jobs.deploymentDriftSweep.name, data: {}, opts: jobs.deploymentDriftSweep.options },
        );
      const telemetry = producer.queue("telemetry");
      await telemetry.upsertJobScheduler(
        "lineage-derive-sweep",
        { every: LINEAGE_SWEEP_INTERVAL_MS },
        { name: jobs.lineageDeriveSweep.name, data: {}, opts: jobs.lineageDeriveSweep.options },
      );
      await telemetry.upsertJobScheduler(
        "lineage-retention",
        { every: LINEAGE_RETENTION_INTERVAL_MS },
        { name: jobs.lineageRetention.name, data: {}, opts: jobs.lineageRetention.options },
      );
      await producer
        .queue("alerts")
        .upsertJobScheduler(
          "alert-tick",
          { every: ALERT_TICK_INTERVAL_MS },
          { name: jobs.alertTick.name, data: {}, opts: jobs.alertTick.options },
        );
      logger.info(
        {
          redis: redactUrl(config.REDIS_URL),
          queues: consumers.map((c) => c.queue),
          concurrency: config.WORKER_CONCURRENCY,
          email: mailer.delivery,
          ...provisioning.summary,
        },
        "worker ready",
      );
    },
    async stop() {
      logger.info(
        { timeoutMs: config.WORKER_SHUTDOWN_TIMEOUT_MS },
        "worker shutting down: finishing active jobs",
      );
      const result = runtime ? await runtime.shutdown(config.WORKER_SHUTDOWN_TIMEOUT_MS) : { graceful: true };
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

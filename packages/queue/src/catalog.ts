import type { JobsOptions } from "bullmq";
import { z } from "zod";

/**
 * The job catalog: every background job Skyport runs, with the queue it goes to, the zod
 * schema of its payload and its retry policy. Producers (web) and consumers (worker)
 * import the same definitions, so a payload cannot drift between them.
 */
export interface JobDefinition<Name extends string, Schema extends z.ZodType> {
  name: Name;
  queue: QueueName;
  payload: Schema;
  options: JobsOptions;
  /** Which payload fields make the job id, so a retried enqueue does not duplicate work. */
  idempotencyKey: (payload: z.infer<Schema>) => string;
}

export const QUEUE_NAMES = [
  "system",
  "email",
  "provisioning",
  "telemetry",
  "alerts",
  "notifications",
  "billing",
] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

function defineJob<Name extends string, Schema extends z.ZodType>(
  definition: JobDefinition<Name, Schema>,
): JobDefinition<Name, Schema> {
  return definition;
}

/** Retried `attempts` times with exponential backoff from `delay` ms; finished jobs are kept a while. */
function retried(attempts: number, delay: number, keepFailed = 1_000): JobsOptions {
  return {
    attempts,
    backoff: { type: "exponential", delay },
    removeOnComplete: 1_000,
    removeOnFail: keepFailed,
  };
}

/**
 * A payload-less job a worker schedules on an interval: one at a time, a short history kept.
 * Its job id is `id` (by default the key).
 */
function scheduledJob<Queue extends QueueName, Key extends string>(queue: Queue, key: Key, id: string = key) {
  return defineJob({
    name: `${queue}.${key}` as `${Queue}.${Key}`,
    queue,
    payload: z.object({}),
    options: { attempts: 1, removeOnComplete: 100, removeOnFail: 100 },
    idempotencyKey: () => id,
  });
}

/**
 * Sends one recorded notification. The job retries itself and records every attempt on the
 * delivery; the job id is the delivery id, so it runs once.
 */
function deliveryJob<Name extends string>(name: Name) {
  return defineJob({
    name,
    queue: "notifications",
    payload: z.object({ deliveryId: z.string().min(1) }),
    options: retried(3, 5_000, 5_000),
    idempotencyKey: (payload) => payload.deliveryId,
  });
}

/** Above this many runs touched, a derivation asks for a whole-deployment alert evaluation. */
export const MAX_SCOPED_RUN_IDS = 2_000;

export const jobs = {
  /**
   * Records that a worker is alive and processing jobs. Scheduled every
   * HEARTBEAT_INTERVAL_MS by the worker itself; /api/health reports the age of the last one.
   */
  workerHeartbeat: scheduledJob("system", "worker-heartbeat"),
  /**
   * Sends an organization invitation email with its signed accept link. `linkExpiresAt` (unix
   * seconds) is the expiry of the link this send carries; every resend renews it, so it tells
   * sends apart (the job id) and lets the worker skip a send a newer one has superseded.
   */
  invitationEmail: defineJob({
    name: "email.invitation",
    queue: "email",
    payload: z.object({ invitationId: z.string().min(1), linkExpiresAt: z.number().int().positive() }),
    options: retried(5, 5_000),
    idempotencyKey: (payload) => `${payload.invitationId}-${payload.linkExpiresAt}`,
  }),
  /**
   * Converges one deployment's runtime (namespace, metadata database, Airflow components) to
   * its desired state. Level-triggered: the job carries only the id and reads the current
   * desired state when it runs. The job id includes the generation (and whether deletion
   * was requested), so each change gets its own job while retries of one change do not
   * duplicate it; the reconciler serialises runs per deployment.
   */
  deploymentReconcile: defineJob({
    name: "provisioning.deployment-reconcile",
    queue: "provisioning",
    payload: z.object({
      deploymentId: z.string().min(1),
      generation: z.number().int().nonnegative(),
      reason: z.enum(["create", "update", "delete", "drift", "retry"]),
      /**
       * Distinguishes repeated requests for the same generation (a drift sweep's timestamp,
       * a manual retry's id): BullMQ keeps finished job ids and would drop a repeat.
       */
      trigger: z.string().max(64).optional(),
    }),
    options: retried(10, 2_000, 5_000),
    idempotencyKey: (payload) =>
      [payload.deploymentId, payload.generation, payload.reason, payload.trigger].filter(Boolean).join("-"),
  }),
  /** Periodically re-reconciles every live deployment to repair drift (scheduled by the worker). */
  deploymentDriftSweep: scheduledJob("provisioning", "drift-sweep"),
  /**
   * Derives a deployment's run model from its raw lineage events (everything past its cursor).
   * Enqueued by ingest; `second` (unix seconds of the request) coalesces the jobs of one
   * second into one, and the sweep below picks up whatever a coalesced job left behind.
   */
  lineageDerive: defineJob({
    name: "telemetry.lineage-derive",
    queue: "telemetry",
    payload: z.object({
      deploymentId: z.string().min(1),
      second: z.number().int().nonnegative(),
      /**
       * The second's trailing job, run as it ends: derives the events that arrived after the
       * second's first job had read the raw store (else they waited for the sweep).
       */
      trailing: z.boolean().optional(),
    }),
    options: retried(5, 1_000),
    idempotencyKey: (payload) => `${payload.deploymentId}-${payload.second}${payload.trailing ? "-t" : ""}`,
  }),
  /** Derives every deployment with unsettled raw events (scheduled by the worker). */
  lineageDeriveSweep: scheduledJob("telemetry", "lineage-derive-sweep"),
  /** Signs and ships changed audit chain heads to the object store (when a signing key is set). */
  auditCheckpoint: scheduledJob("system", "audit-checkpoint"),
  /** Streams new audit events to the SIEM endpoint (when one is configured). */
  auditStream: scheduledJob("system", "audit-stream"),
  /** Drops raw lineage partitions older than the retention period (scheduled by the worker). */
  lineageRetention: scheduledJob("telemetry", "lineage-retention"),
  /**
   * Scrapes every healthy Kubernetes deployment's statsd-exporter and stores the samples
   * (downsampled to one-minute buckets; scheduled by the worker when it has a cluster).
   */
  metricsScrape: scheduledJob("telemetry", "metrics-scrape"),
  /** Deletes metric buckets and series past the retention period (scheduled by the worker). */
  metricsRetention: scheduledJob("telemetry", "metrics-retention"),
  /** Removes DAG bundles no deploy references once past their retention window (hourly). */
  bundleCollection: scheduledJob("system", "bundle-collection"),
  /** Fails bundle deploys no longer waited for: some component never reported them (every minute). */
  deployRolloutSweep: scheduledJob("system", "deploy-rollout-sweep"),
  /**
   * Evaluates the alert rules of one deployment against its run model. Enqueued by the derive
   * jobs after they commit (never by ingest); `at` (ms) names the derivation that asked, and
   * evaluations are idempotent, so a repeat changes nothing. `runIds` (the runs the derivation
   * touched) scopes the evaluation to their DAGs; without it every rule and DAG is evaluated.
   */
  alertEvaluation: defineJob({
    name: "alerts.evaluate",
    queue: "alerts",
    payload: z.object({
      deploymentId: z.string().min(1),
      at: z.number().int().nonnegative(),
      runIds: z.array(z.string()).max(MAX_SCOPED_RUN_IDS).optional(),
    }),
    options: retried(5, 1_000),
    idempotencyKey: (payload) => `${payload.deploymentId}-${payload.at}`,
  }),
  /**
   * The alert clock (scheduled by the worker every ALERT_TICK_INTERVAL_MS): evaluates every
   * deployment with rules, so deadline, duration and silence rules fire while a runtime sends
   * nothing, and re-enqueues deliveries whose job was lost.
   */
  alertTick: scheduledJob("alerts", "tick", "alert-tick"),
  /**
   * Sends one notification (an incident's trigger or resolve, or a channel test). The job
   * retries itself (delayed, with exponential backoff or the receiver's 429 Retry-After) and
   * records every attempt on the delivery; the job id is the delivery id, so it runs once.
   */
  alertDelivery: deliveryJob("alerts.deliver"),
  /**
   * Recomputes every live deployment's tuning recommendations from its stored metrics and runs,
   * and measures applied ones (scheduled by the worker every TUNING_RECOMPUTE_INTERVAL_MS).
   */
  tuningRecompute: scheduledJob("telemetry", "tuning-recompute"),
  /** The report clock (every REPORT_TICK_INTERVAL_MS): runs the status reports that are due. */
  reportTick: scheduledJob("alerts", "report-tick"),
  /** "Run now" of one report, asked at `requestedAt` (ms): evaluates it and queues its messages. */
  reportRun: defineJob({
    name: "alerts.report-run",
    queue: "alerts",
    payload: z.object({ reportId: z.string().min(1), requestedAt: z.number().int().nonnegative() }),
    options: retried(3, 1_000),
    idempotencyKey: (payload) => `${payload.reportId}-${payload.requestedAt}`,
  }),
  /** Sends one report message (e-mail or Slack); retries itself and records every attempt. */
  reportDelivery: deliveryJob("notifications.report-deliver"),
  /** Sends an outside subscriber the signed confirm link (nothing secret is queued). */
  reportSubscriberConfirmation: defineJob({
    name: "email.report-subscriber-confirmation",
    queue: "email",
    payload: z.object({ subscriberId: z.string().min(1), linkExpiresAt: z.number().int().positive() }),
    options: retried(5, 5_000),
    idempotencyKey: (payload) => `${payload.subscriberId}-${payload.linkExpiresAt}`,
  }),
  /**
   * Converges one Stripe customer's billing mirror (subscription, entitlements) by re-reading
   * Stripe. Enqueued by the Stripe webhook once per accepted event id; the sync is idempotent,
   * so retries and events in any order end in Stripe's current state.
   */
  billingSync: defineJob({
    name: "billing.stripe-sync",
    queue: "billing",
    payload: z.object({ stripeCustomerId: z.string().min(1), eventId: z.string().min(1) }),
    options: retried(8, 2_000, 5_000),
    idempotencyKey: (payload) => payload.eventId,
  }),
  /** Re-syncs every Stripe customer (recovers missed webhooks; scheduled by the worker). */
  billingReconcile: scheduledJob("billing", "reconcile"),
  /** Measures runtime usage per hour and sends it to Stripe as meter events (scheduled). */
  billingUsageReport: scheduledJob("billing", "usage-report"),
} as const;

/** How often tuning recommendations are recomputed (new data arrives every minute). */
export const TUNING_RECOMPUTE_INTERVAL_MS = 15 * 60 * 1000;

/** How often the report clock looks for due status reports. */
export const REPORT_TICK_INTERVAL_MS = 30_000;

/** How often every Stripe customer is re-synced (missed webhooks are recovered within it). */
export const BILLING_RECONCILE_INTERVAL_MS = 60 * 60 * 1000;

/** How often runtime usage is measured and sent to Stripe. */
export const BILLING_USAGE_REPORT_INTERVAL_MS = 5 * 60 * 1000;

/** How often rolling-out deploys are checked against the rollout timeout. */
export const DEPLOY_ROLLOUT_SWEEP_INTERVAL_MS = 60 * 1000;

/** How often the alert clock evaluates time rules (a missed deadline is noticed within it). */
export const ALERT_TICK_INTERVAL_MS = 15_000;

/** How often unreferenced DAG bundles are collected. */
export const BUNDLE_COLLECTION_INTERVAL_MS = 60 * 60 * 1000;

export type JobName = (typeof jobs)[keyof typeof jobs]["name"];

export const HEARTBEAT_INTERVAL_MS = 15_000;
/** Redis key holding the last heartbeat ({ at, pid, host }), under the queue prefix. */
export function heartbeatKey(prefix = "skyport"): string {
  return `${prefix}:worker:heartbeat`;
}

// Alert jobs: evaluate a deployment after its run model changed, the clock that evaluates time
// rules for every deployment with rules, and the delivery of one notification with retries.
import type { PrismaClient } from "@skyport/db";
import {
  type AttemptOutcome,
  claimDelivery,
  deploymentsWithAlertRules,
  evaluateDeploymentAlerts,
  loadDelivery,
  recordDeliveryAttempt,
  releaseDelivery,
  type SecretBox,
  stalledDeliveries,
} from "@skyport/domain";
import type { Logger } from "@skyport/logger";
import type { Mailer } from "@skyport/mail";
import { type JobProducer, jobs } from "@skyport/queue";
import { DelayedError, type Job } from "bullmq";
import {
  type ChannelEndpoints,
  DEFAULT_ENDPOINTS,
  type SendResult,
  sendNotification,
} from "../alerts/senders.ts";

/** The alert engine's clock: tests pass a fake one. */
export type Clock = () => Date;

export interface RetryPolicy {
  /** Attempts per delivery, the first included. */
  maxAttempts: number;
  /** Backoff before attempt n+1: baseDelayMs · 2^(n-1), at most maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long one request may take. */
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 5_000,
  maxDelayMs: 15 * 60 * 1000,
  timeoutMs: 10_000,
};

export interface AlertJobOptions {
  clock?: Clock;
  endpoints?: Partial<ChannelEndpoints>;
  retry?: Partial<RetryPolicy>;
}

type Producer = Pick<JobProducer, "enqueue">;

async function evaluateAndEnqueue(
  db: PrismaClient,
  producer: Producer,
  deploymentId: string,
  now: Date,
  runIds?: readonly string[],
) {
  const outcome = await evaluateDeploymentAlerts(db, deploymentId, { now, ...(runIds ? { runIds } : {}) });
  for (const deliveryId of outcome.deliveryIds) await producer.enqueue(jobs.alertDelivery, { deliveryId });
  return outcome;
}

/** alerts.evaluate: one deployment, after its derivation committed. */
export function alertEvaluationHandler(
  db: PrismaClient,
  producer: Producer,
  clock: Clock = () => new Date(),
) {
  return async (job: Job) => {
    const { deploymentId, runIds } = jobs.alertEvaluation.payload.parse(job.data);
    return evaluateAndEnqueue(db, producer, deploymentId, clock(), runIds);
  };
}

/** alerts.tick: every deployment with rules at the clock's time, and lost deliveries again. */
export function alertTickHandler(db: PrismaClient, producer: Producer, clock: Clock = () => new Date()) {
  return async () => {
    const now = clock();
    let opened = 0;
    let resolved = 0;
    for (const deploymentId of await deploymentsWithAlertRules(db)) {
      const outcome = await evaluateAndEnqueue(db, producer, deploymentId, now);
      opened += outcome.opened;
      resolved += outcome.resolved;
    }
    const stalled = await stalledDeliveries(db, new Date());
    for (const deliveryId of stalled) await producer.enqueue(jobs.alertDelivery, { deliveryId });
    return { opened, resolved, requeued: stalled.length };
  };
}

export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * alerts.deliver: one attempt per run. A failure a retry may fix delays this same job (the
 * receiver's Retry-After, else exponential backoff) until the attempts are used up; every
 * attempt is recorded on the delivery.
 */
export function alertDeliveryHandler(deps: {
  db: PrismaClient;
  secrets: SecretBox;
  mailer: Mailer;
  logger: Logger;
  publicUrl: string;
  options?: AlertJobOptions;
}) {
  const policy = { ...DEFAULT_RETRY_POLICY, ...deps.options?.retry };
  const endpoints = { ...DEFAULT_ENDPOINTS, ...deps.options?.endpoints };
  return async (job: Job, token?: string) => {
    const { deliveryId } = jobs.alertDelivery.payload.parse(job.data);
    // One sender at a time, decided by the database: a second run of this job (a stalled lock
    // under load, another worker) finds the delivery claimed and sends nothing.
    if (!(await claimDelivery(deps.db, deliveryId, policy.timeoutMs * 3))) return { skipped: true };
    let toSend: Awaited<ReturnType<typeof loadDelivery>>;
    let result: Awaited<ReturnType<typeof sendNotification>>;
    try {
      toSend = await loadDelivery(deps.db, deps.secrets, deliveryId, deps.publicUrl);
      if (!toSend) return { skipped: true };
      result = await sendNotification(toSend.message, toSend.secret, {
        mailer: deps.mailer,
        endpoints,
        timeoutMs: policy.timeoutMs,
      });
    } catch (error) {
      // Nothing recorded: give the claim back so the job's own retry may send.
      await releaseDelivery(deps.db, deliveryId);
      throw error;
    }
    return settleAttempt({
      job,
      token,
      policy,
      attempts: toSend.attempts,
      result,
      logger: deps.logger,
      log: { deliveryId, channel: toSend.message.channel.kind },
      record: (outcome) => recordDeliveryAttempt(deps.db, deliveryId, outcome),
    });
  };
}

/**
 * After one send: records the attempt, and when a retry may help, delays this same job (the
 * receiver's Retry-After, else exponential backoff) until the attempts are used up. Shared by
 * alert and report deliveries.
 */
export async function settleAttempt(args: {
  job: Job;
  token: string | undefined;
  policy: RetryPolicy;
  attempts: number;
  result: SendResult;
  logger: Logger;
  log: Record<string, unknown>;
  record: (outcome: AttemptOutcome) => Promise<unknown>;
}) {
  const { result, policy } = args;
  const attempt = args.attempts + 1;
  const final = result.delivered || !result.retriable || attempt >= policy.maxAttempts;
  const delay = final ? null : (result.retryAfterMs ?? backoffMs(policy, attempt));
  await args.record({
    delivered: result.delivered,
    statusCode: result.statusCode,
    error: result.error,
    final,
    retryAfterMs: delay,
  });
  const log = { ...args.log, attempt, status: result.statusCode };
  if (result.delivered) return { delivered: true, attempt };
  if (final) {
    args.logger.warn({ ...log, error: result.error }, "notification not delivered; giving up");
    return { delivered: false, attempt };
  }
  args.logger.info({ ...log, error: result.error, delayMs: delay }, "notification not delivered; retrying");
  if (!args.token) throw new Error(`retry of ${args.job.id ?? "a delivery"} needs the job's lock token`);
  await args.job.moveToDelayed(Date.now() + (delay ?? 0), args.token);
  throw new DelayedError();
}

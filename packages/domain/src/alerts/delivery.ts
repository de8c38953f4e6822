// What a delivery job needs to send one notification, and the record of each attempt. The
// message carries stable ids (the delivery id for one notification, the incident id for the
// incident) so receivers can de-duplicate what at-least-once delivery may repeat.
import type { PrismaClient } from "@skyport/db";
import type { SecretBox } from "../secrets/types.ts";
import type { AlertRuleTypeName, AlertSeverityName, ChannelSecret, DeliveryEvent } from "./alerts.types.ts";
import { openChannelSecret } from "./channels.ts";

export interface AlertMessage {
  deliveryId: string;
  organizationId: string;
  event: DeliveryEvent;
  channel: { id: string; name: string; kind: string; recipients: string[] | null; region: string | null };
  incident: {
    id: string;
    key: string;
    status: "OPEN" | "RESOLVED";
    severity: AlertSeverityName;
    summary: string;
    dagId: string | null;
    taskId: string | null;
    runId: string | null;
    openedAt: Date;
    resolvedAt: Date | null;
    resolveReason: string | null;
    details: Record<string, unknown>;
  } | null;
  rule: { id: string; name: string; type: AlertRuleTypeName } | null;
  deployment: { id: string; name: string } | null;
  /** The console page to open: the run when there is one, else the deployment. */
  consoleUrl: string;
}

export interface DeliveryToSend {
  message: AlertMessage;
  secret: ChannelSecret | null;
  attempts: number;
}

/**
 * Claims a PENDING delivery for one attempt, atomically: of concurrent deliverers (a job run
 * again while its first run is still sending, a second worker) exactly one gets true and sends;
 * the others skip. The claim ends when the attempt is recorded, or after `leaseMs` (a deliverer
 * that died mid-send), so at-least-once delivery survives a crash.
 */
export async function claimDelivery(
  db: PrismaClient,
  deliveryId: string,
  leaseMs: number,
  now = new Date(),
): Promise<boolean> {
  const { count } = await db.alertDelivery.updateMany({
    where: {
      id: deliveryId,
      status: "PENDING",
      OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }],
    },
    data: { claimedUntil: new Date(now.getTime() + leaseMs) },
  });
  return count === 1;
}

/** Gives a claim back without an attempt (nothing was sent). */
export async function releaseDelivery(db: PrismaClient, deliveryId: string): Promise<void> {
  await db.alertDelivery.updateMany({ where: { id: deliveryId }, data: { claimedUntil: null } });
}

/**
 * The delivery with its channel's opened secret, or null when there is nothing to send (it was
 * delivered or given up already, or its channel is gone).
 */
export async function loadDelivery(
  db: PrismaClient,
  secrets: SecretBox,
  deliveryId: string,
  publicUrl: string,
): Promise<DeliveryToSend | null> {
  const row = await db.alertDelivery.findUnique({
    where: { id: deliveryId },
    select: {
      id: true,
      organizationId: true,
      event: true,
      status: true,
      attempts: true,
      channel: {
        select: {
          id: true,
          organizationId: true,
          name: true,
          kind: true,
          config: true,
          secretCiphertext: true,
          valueVersion: true,
        },
      },
      incident: {
        select: {
          id: true,
          key: true,
          status: true,
          severity: true,
          summary: true,
          dagId: true,
          taskId: true,
          runId: true,
          openedAt: true,
          resolvedAt: true,
          resolveReason: true,
          details: true,
          deploymentId: true,
          rule: { select: { id: true, name: true, type: true } },
        },
      },
    },
  });
  if (row?.status !== "PENDING") return null;
  const { channel, incident } = row;
  const deployment = incident
    ? await db.deployment.findFirst({
        where: { id: incident.deploymentId, organizationId: row.organizationId },
        select: { id: true, name: true },
      })
    : null;
  const base = publicUrl.replace(/\/+$/, "");
  const orgUrl = `${base}/orgs/${encodeURIComponent(row.organizationId)}`;
  const deploymentUrl = deployment ? `${orgUrl}/deployments/${encodeURIComponent(deployment.id)}` : orgUrl;
  const config = (channel.config ?? {}) as { recipients?: string[]; region?: string };
  return {
    attempts: row.attempts,
    secret: await openChannelSecret(db, secrets, channel),
    message: {
      deliveryId: row.id,
      organizationId: row.organizationId,
      event: row.event,
      channel: {
        id: channel.id,
        name: channel.name,
        kind: channel.kind,
        recipients: config.recipients ?? null,
        region: config.region ?? null,
      },
      incident: incident
        ? {
            id: incident.id,
            key: incident.key,
            status: incident.status,
            severity: incident.severity,
            summary: incident.summary,
            dagId: incident.dagId,
            taskId: incident.taskId,
            runId: incident.runId,
            openedAt: incident.openedAt,
            resolvedAt: incident.resolvedAt,
            resolveReason: incident.resolveReason,
            details: (incident.details ?? {}) as Record<string, unknown>,
          }
        : null,
      rule: incident?.rule ?? null,
      deployment,
      consoleUrl: incident?.runId
        ? `${deploymentUrl}/runs/${encodeURIComponent(incident.runId)}`
        : `${deploymentUrl}/alerts`,
    },
  };
}

export interface AttemptOutcome {
  delivered: boolean;
  statusCode: number | null;
  /** What went wrong, in words safe to store and show (never a secret or URL). */
  error: string | null;
  /** No further attempt will be made (delivered, or given up). */
  final: boolean;
  retryAfterMs: number | null;
}

/** The delivery row's change for one attempt (alert and report deliveries alike). */
export function deliveryAfterAttempt(outcome: AttemptOutcome, now: Date) {
  return {
    attempts: { increment: 1 },
    lastStatusCode: outcome.statusCode,
    lastError: outcome.error?.slice(0, 1000) ?? null,
    ...(outcome.delivered
      ? { status: "DELIVERED" as const, deliveredAt: now }
      : outcome.final
        ? { status: "FAILED" as const }
        : {}),
  };
}

/** The attempt log row of attempt `number` (alert and report deliveries alike). */
export function attemptRecord(outcome: AttemptOutcome, number: number, now: Date) {
  return {
    number,
    at: now,
    statusCode: outcome.statusCode,
    error: outcome.error?.slice(0, 1000) ?? null,
    retryAfterMs: outcome.retryAfterMs,
  };
}

/** What records an attempt: the delivery, the outcome and when (default now). */
type AttemptArgs = [db: PrismaClient, deliveryId: string, outcome: AttemptOutcome, now?: Date];

/**
 * Records one attempt of an alert or a report delivery and the delivery's new state (an alert
 * delivery's claim is released with it); returns the attempt's number.
 */
export async function recordAttempt(
  kind: "alert" | "report",
  ...[db, deliveryId, outcome, now = new Date()]: AttemptArgs
): Promise<number> {
  return db.$transaction(async (tx) => {
    const update = {
      where: { id: deliveryId },
      data: deliveryAfterAttempt(outcome, now),
      select: { attempts: true },
    } as const;
    const { attempts } =
      kind === "alert"
        ? await tx.alertDelivery.update({ ...update, data: { ...update.data, claimedUntil: null } })
        : await tx.reportDelivery.update(update);
    const attempt = { data: { deliveryId, ...attemptRecord(outcome, attempts, now) } };
    if (kind === "alert") await tx.alertDeliveryAttempt.create(attempt);
    else await tx.reportDeliveryAttempt.create(attempt);
    return attempts;
  });
}

/** Records one alert delivery attempt (see recordAttempt). */
export const recordDeliveryAttempt = (...args: AttemptArgs) => recordAttempt("alert", ...args);

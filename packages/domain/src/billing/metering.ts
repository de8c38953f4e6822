import { type BillingPlans, stripeNames } from "@skyport/config";
import type { PrismaClient } from "@skyport/db";
import type { Db } from "../authz/authorize.ts";
import type { BillingRuntime } from "./sync.ts";

const HOUR = 3_600_000;

/** The meter keys a running deployment spec is billed on (scheduler, HA, each queue's workers). */
export function metersOfSpec(
  plans: BillingPlans,
  spec: {
    schedulerSize: string;
    highAvailability: boolean;
    workerQueues: ReadonlyArray<{ name: string; workerSize: string; minWorkers: number }>;
  },
): Array<{ meterKey: string; replicas: number; queueName: string }> {
  const find = (component: "deployment" | "worker", size: string, ha: boolean) =>
    plans.meters.find((m) => m.component === component && m.size === size && m.highAvailability === ha)?.key;
  const meters: Array<{ meterKey: string; replicas: number; queueName: string }> = [];
  const scheduler = find("deployment", spec.schedulerSize, false);
  if (scheduler) meters.push({ meterKey: scheduler, replicas: 1, queueName: "" });
  const ha = spec.highAvailability ? find("deployment", spec.schedulerSize, true) : undefined;
  if (ha) meters.push({ meterKey: ha, replicas: 1, queueName: "" });
  for (const queue of spec.workerQueues) {
    const worker = find("worker", queue.workerSize, false);
    if (worker && queue.minWorkers > 0)
      meters.push({ meterKey: worker, replicas: queue.minWorkers, queueName: queue.name });
  }
  return meters;
}

/**
 * Records what of a deployment runs from `at` on: closes its open usage intervals and, when
 * `running`, opens one per billed component. Called where provisioning settles a deployment's
 * state, so usage is measured from Skyport's own record of when components ran.
 */
export async function recordRuntimeUsage(
  db: Db,
  plans: BillingPlans,
  deployment: { id: string; organizationId: string; spec: Parameters<typeof metersOfSpec>[1] },
  running: boolean,
  at = new Date(),
): Promise<void> {
  await db.runtimeUsageInterval.updateMany({
    where: { deploymentId: deployment.id, endedAt: null },
    data: { endedAt: at },
  });
  if (!running) return;
  await db.runtimeUsageInterval.createMany({
    data: metersOfSpec(plans, deployment.spec).map((m) => ({
      organizationId: deployment.organizationId,
      deploymentId: deployment.id,
      ...m,
      startedAt: at,
    })),
  });
}

/**
 * Measures every finished hour since `since` per organization and meter, per second, from the
 * usage intervals, into UsageRecord rows. An hour already sent to Stripe is never changed.
 */
export async function measureUsage(db: PrismaClient, now: Date, since: Date): Promise<number> {
  const lastHour = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
  const intervals = await db.runtimeUsageInterval.findMany({
    where: { startedAt: { lt: lastHour }, OR: [{ endedAt: null }, { endedAt: { gt: since } }] },
  });
  const totals = new Map<
    string,
    { organizationId: string; meterKey: string; hourStart: Date; seconds: number }
  >();
  for (const interval of intervals) {
    const start = Math.max(interval.startedAt.getTime(), since.getTime());
    const end = Math.min(interval.endedAt?.getTime() ?? lastHour.getTime(), lastHour.getTime());
    for (let hour = Math.floor(start / HOUR) * HOUR; hour < end; hour += HOUR) {
      const ms = Math.min(end, hour + HOUR) - Math.max(start, hour);
      if (ms <= 0) continue;
      const key = `${interval.organizationId}|${interval.meterKey}|${hour}`;
      const total = totals.get(key) ?? {
        organizationId: interval.organizationId,
        meterKey: interval.meterKey,
        hourStart: new Date(hour),
        seconds: 0,
      };
      total.seconds += Math.floor(ms / 1000) * interval.replicas;
      totals.set(key, total);
    }
  }
  let written = 0;
  for (const total of totals.values()) {
    const { organizationId, meterKey, hourStart, seconds } = total;
    const updated = await db.usageRecord.updateMany({
      where: { organizationId, meterKey, hourStart, sentAt: null },
      data: { seconds },
    });
    if (updated.count === 0) {
      await db.usageRecord.createMany({
        data: [{ organizationId, meterKey, hourStart, seconds }],
        skipDuplicates: true,
      });
    }
    written++;
  }
  return written;
}

/** The deterministic meter event identifier of an hour: a retry or a crash never counts twice. */
export function meterEventIdentifier(record: {
  organizationId: string;
  meterKey: string;
  hourStart: Date;
}): string {
  return `skyport:${record.organizationId}:${record.meterKey}:${record.hourStart.toISOString()}`;
}

/** Stripe accepts meter events from the past 35 days; keep a day's margin. */
const WINDOW_MS = 34 * 24 * HOUR;

/**
 * Sends measured, unsent hours of organizations with a Stripe customer as meter events (value
 * in seconds, timestamp inside the hour), then marks them sent. Sending first and marking
 * after means a crash in between resends the same identifier, which Stripe counts once.
 */
export async function sendUsage(
  db: PrismaClient,
  billing: Pick<BillingRuntime, "stripe">,
  now: Date,
  batch = 100,
): Promise<{ sent: number; tooOld: number }> {
  const customers = new Map(
    (await db.billingCustomer.findMany({ select: { organizationId: true, stripeCustomerId: true } })).map(
      (c) => [c.organizationId, c.stripeCustomerId],
    ),
  );
  const records = await db.usageRecord.findMany({
    where: { sentAt: null, organizationId: { in: [...customers.keys()] } },
    orderBy: [{ hourStart: "asc" }, { organizationId: "asc" }, { meterKey: "asc" }],
    take: batch,
  });
  let sent = 0;
  let tooOld = 0;
  for (const record of records) {
    if (now.getTime() - record.hourStart.getTime() > WINDOW_MS) {
      tooOld++;
      continue;
    }
    const identifier = meterEventIdentifier(record);
    if (record.seconds > 0) {
      await billing.stripe.billing.meterEvents.create(
        {
          event_name: stripeNames.meterEvent(record.meterKey),
          identifier,
          timestamp: Math.floor(record.hourStart.getTime() / 1000) + 3599,
          payload: {
            stripe_customer_id: customers.get(record.organizationId) ?? "",
            value: String(record.seconds),
          },
        },
        { idempotencyKey: identifier },
      );
    }
    await db.usageRecord.updateMany({
      where: {
        organizationId: record.organizationId,
        meterKey: record.meterKey,
        hourStart: record.hourStart,
        sentAt: null,
      },
      data: { sentAt: now },
    });
    sent++;
  }
  return { sent, tooOld };
}

const RUNNING = new Set(["HEALTHY", "UNHEALTHY", "UPDATING", "DEPLOYING"]);

/**
 * Keeps the usage intervals in step with the deployments: a deployment runs its components
 * while provisioned (HEALTHY, UNHEALTHY, UPDATING, DEPLOYING), sized by its spec. A change is
 * dated by the deployment's last status write (updatedAt, to the second), not by when this
 * runs, so the measure stays per second.
 */
export async function syncRuntimeUsage(
  db: PrismaClient,
  plans: BillingPlans,
  now = new Date(),
): Promise<number> {
  const deployments = await db.deployment.findMany({
    where: { OR: [{ deletedAt: null }, { deletedAt: { gt: new Date(now.getTime() - 2 * 24 * HOUR) } }] },
    select: { id: true, organizationId: true, spec: true, status: true, updatedAt: true },
  });
  const open = await db.runtimeUsageInterval.findMany({ where: { endedAt: null } });
  let changed = 0;
  for (const deployment of deployments) {
    const spec = deployment.spec as unknown as Parameters<typeof metersOfSpec>[1];
    const wanted = RUNNING.has(deployment.status) ? metersOfSpec(plans, spec) : [];
    const current = open.filter((i) => i.deploymentId === deployment.id);
    const key = (m: { meterKey: string; replicas: number; queueName: string }) =>
      `${m.meterKey}|${m.replicas}|${m.queueName}`;
    if (JSON.stringify(wanted.map(key).sort()) === JSON.stringify(current.map(key).sort())) continue;
    const latestStart = Math.max(0, ...current.map((i) => i.startedAt.getTime()));
    const at = new Date(Math.min(now.getTime(), Math.max(deployment.updatedAt.getTime(), latestStart)));
    await db.$transaction((tx) =>
      recordRuntimeUsage(
        tx,
        plans,
        { id: deployment.id, organizationId: deployment.organizationId, spec },
        wanted.length > 0,
        at,
      ),
    );
    changed++;
  }
  return changed;
}

/** One usage-report run: follow the deployments, measure finished hours, send them. */
export async function reportUsage(
  db: PrismaClient,
  billing: Pick<BillingRuntime, "stripe" | "plans">,
  now = new Date(),
): Promise<{ measured: number; sent: number }> {
  await syncRuntimeUsage(db, billing.plans, now);
  const measured = await measureUsage(db, now, new Date(now.getTime() - 3 * 24 * HOUR));
  let sent = 0;
  for (;;) {
    const batch = await sendUsage(db, billing, now);
    sent += batch.sent;
    if (batch.sent === 0) return { measured, sent };
  }
}

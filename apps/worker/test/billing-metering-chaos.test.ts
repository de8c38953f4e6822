// Metering under crashes: the real worker process (`tsx apps/worker/src/main.ts`, billing on,
// pointed at the local Stripe stand-in) is SIGKILLed repeatedly while its usage report sends
// meter events, restarted each time, and finally left alone. What Stripe records (the sum of
// meter events, de-duplicated by identifier as Stripe does) must equal what Skyport measured,
// exactly, for every organization and meter — and both must equal the usage the runtime
// intervals describe, to the second.
import { randomInt } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadBillingPlans, stripeNames } from "@skyport/config";
import { createStripeClient, seedStripeCatalog } from "@skyport/domain";
import type { ResolvedService } from "@skyport/localstack";
import { type JobProducer, jobs } from "@skyport/queue";
import { createTestDatabase, waitFor } from "@skyport/testing";
import { startLocalStripe } from "@skyport/testing/stripe";
import { afterAll, beforeAll, expect, it } from "vitest";
import { privateQueue, WorkerProcesses } from "./support/worker-process.ts";
import { TEST_KEK } from "./support/worker-services.ts";

const KILLS = 5;
const ORGANIZATIONS = 12;
const HOUR = 3_600_000;
const METER_EVENTS = "/v1/billing/meter_events";

const { db, url: databaseUrl } = await createTestDatabase();
const local = await startLocalStripe({ webhook: null });
const stripe = createStripeClient({ secretKey: local.secretKey, apiUrl: local.url });
const plans = loadBillingPlans();
await seedStripeCatalog(stripe, plans);

let stateDir: string;
let redis: ResolvedService;
let producer: JobProducer;
let workers: WorkerProcesses;

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), "skyport-metering-chaos-"));
  ({ redis, producer } = await privateQueue(path.join(stateDir, "redis")));
  workers = new WorkerProcesses({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    SKYPORT_SECRET: "metering-chaos-secret-0123456789abcdefghijkl",
    SKYPORT_KEK: TEST_KEK,
    SKYPORT_STATE_DIR: stateDir,
    SKYPORT_RUNTIME: "render",
    LOG_LEVEL: "info",
    WORKER_CONCURRENCY: "4",
    WORKER_SHUTDOWN_TIMEOUT_MS: "2000",
    SKYPORT_STRIPE_SECRET_KEY: local.secretKey,
    SKYPORT_STRIPE_WEBHOOK_SECRET: local.webhookSecret,
    SKYPORT_STRIPE_PUBLISHABLE_KEY: "pk_test_local",
    SKYPORT_STRIPE_API_URL: local.url,
  });
});

afterAll(async () => {
  workers?.killAll();
  await producer?.close();
  await redis?.stop();
  await local.close();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

interface Expected {
  organizationId: string;
  customer: string;
  meterKey: string;
  seconds: number;
  hours: number;
}

/**
 * Organizations with a Stripe customer and finished runtime intervals (whole seconds, not on
 * hour boundaries) inside the last three days: a small scheduler for ~30 h and two medium
 * workers for ~20 h each. Answers the usage they describe, per organization and meter.
 */
async function seedUsage(): Promise<Expected[]> {
  const base = Math.floor(Date.now() / HOUR) * HOUR - 40 * HOUR;
  const expected: Expected[] = [];
  for (let i = 0; i < ORGANIZATIONS; i++) {
    const organization = await db.organization.create({
      data: { name: `Metered ${i}`, slug: `metered-${i}` },
    });
    const customer = await stripe.customers.create({ metadata: { organizationId: organization.id } });
    await db.billingCustomer.create({
      data: { organizationId: organization.id, stripeCustomerId: customer.id },
    });
    const intervals = [
      {
        meterKey: "deployment_hours_s",
        replicas: 1,
        from: base + i * 7 * 60_000 + 13_000,
        to: base + 30 * HOUR + i * 11_000,
      },
      {
        meterKey: "worker_hours_m",
        replicas: 2,
        from: base + 5 * HOUR + 17_000,
        to: base + 25 * HOUR + i * 3_000 + 3_000,
      },
    ];
    for (const interval of intervals) {
      await db.runtimeUsageInterval.create({
        data: {
          organizationId: organization.id,
          deploymentId: `deployment-${i}`,
          meterKey: interval.meterKey,
          replicas: interval.replicas,
          queueName: interval.meterKey.startsWith("worker") ? "default" : "",
          startedAt: new Date(interval.from),
          endedAt: new Date(interval.to),
        },
      });
      expected.push({
        organizationId: organization.id,
        customer: customer.id,
        meterKey: interval.meterKey,
        seconds: ((interval.to - interval.from) / 1000) * interval.replicas,
        hours: Math.ceil(interval.to / HOUR) - Math.floor(interval.from / HOUR),
      });
    }
  }
  return expected;
}

/** A usage report now, under a job id of its own (the worker's scheduler may run one too). */
async function requestUsageReport(run: number) {
  const definition = jobs.billingUsageReport;
  await producer.queue(definition.queue).add(definition.name, {}, { jobId: `metering-chaos-${run}` });
}

const stripeSeconds = (customer: string, meterKey: string) =>
  local
    .meterEvents(stripeNames.meterEvent(meterKey))
    .filter((e) => e.customer === customer)
    .reduce((sum, e) => sum + e.value, 0);

it(`Stripe's recorded usage equals Skyport's measured usage after ${KILLS} SIGKILLs while sending`, async () => {
  const expected = await seedUsage();
  const records = expected.reduce((sum, e) => sum + e.hours, 0);
  const killedAfter: number[] = [];
  for (let run = 0; run < KILLS; run++) {
    const before = local.requestCount("POST", METER_EVENTS);
    const worker = await workers.start();
    await requestUsageReport(run);
    // Kill after a random number of meter events of this run: mid-batch, between a send and
    // its "sent" mark, or between batches.
    const after = randomInt(5, Math.max(6, Math.floor(records / (KILLS + 1))));
    await waitFor(
      () => local.requestCount("POST", METER_EVENTS) - before >= after || worker.exitCode !== null,
      120_000,
      `${after} meter events of run ${run}`,
    );
    await workers.kill(worker);
    killedAfter.push(local.requestCount("POST", METER_EVENTS) - before);
    const unsent = await db.usageRecord.count({ where: { sentAt: null } });
    expect(unsent, `run ${run} should be killed before everything was sent`).toBeGreaterThan(0);
  }

  // A last worker, left alone, sends what is left.
  const last = await workers.start();
  await requestUsageReport(KILLS);
  await waitFor(
    async () =>
      (await db.usageRecord.count()) === records &&
      (await db.usageRecord.count({ where: { sentAt: null } })) === 0,
    180_000,
    "every measured hour to be sent",
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n${workers.output.slice(-4_000)}`);
  });
  await workers.kill(last);

  for (const e of expected) {
    const usage = await db.usageRecord.findMany({
      where: { organizationId: e.organizationId, meterKey: e.meterKey },
    });
    const skyport = usage.reduce((sum, r) => sum + r.seconds, 0);
    expect({
      organization: e.organizationId,
      meter: e.meterKey,
      skyport,
      stripe: stripeSeconds(e.customer, e.meterKey),
    }).toEqual({
      organization: e.organizationId,
      meter: e.meterKey,
      skyport: e.seconds,
      stripe: e.seconds,
    });
  }
  // Every hour reached Stripe exactly once after de-duplication, whatever was resent.
  const accepted =
    local.meterEvents(stripeNames.meterEvent("deployment_hours_s")).length +
    local.meterEvents(stripeNames.meterEvent("worker_hours_m")).length;
  expect(accepted).toBe(records);
  process.stdout.write(
    `[metering-chaos] ${records} hours measured; killed after ${killedAfter.join(", ")} meter events; ` +
      `${local.requestCount("POST", METER_EVENTS)} meter event requests in all for ${accepted} distinct events\n`,
  );
}, 900_000);

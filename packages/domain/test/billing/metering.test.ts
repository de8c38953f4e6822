// Usage metering: per-second measurement from Skyport's runtime records, hourly meter events
// with deterministic identifiers, against the local Stripe stand-in through the real client.
import { loadBillingPlans, stripeNames } from "@skyport/config";
import {
  createStripeClient,
  measureUsage,
  meterEventIdentifier,
  reportUsage,
  seedStripeCatalog,
  sendUsage,
  syncRuntimeUsage,
} from "@skyport/domain";
import { buildWorld, createTestDatabase } from "@skyport/testing";
import { startLocalStripe } from "@skyport/testing/stripe";
import { afterAll, describe, expect, it } from "vitest";

const { db } = await createTestDatabase();
const local = await startLocalStripe();
afterAll(() => local.close());
const stripe = createStripeClient({ secretKey: local.secretKey, apiUrl: local.url });
const plans = loadBillingPlans();
await seedStripeCatalog(stripe, plans);

const HOUR = 3_600_000;

/**
 * A new world whose organization is a Stripe customer, the time now, and the start of the hour
 * `hoursAgo` whole hours before the current one.
 */
async function billedWorld(hoursAgo: number) {
  const world = await buildWorld(db);
  const { organizationId } = world;
  const customer = await stripe.customers.create({ metadata: { organizationId } });
  await db.billingCustomer.create({ data: { organizationId, stripeCustomerId: customer.id } });
  const now = new Date();
  return {
    world,
    customer: customer.id,
    now,
    hourStart: Math.floor(now.getTime() / HOUR) * HOUR - hoursAgo * HOUR,
  };
}

function stripeTotal(customer: string, meterKey: string): number {
  return local
    .meterEvents(stripeNames.meterEvent(meterKey))
    .filter((e) => e.customer === customer)
    .reduce((sum, e) => sum + e.value, 0);
}

async function skyportTotal(organizationId: string, meterKey: string): Promise<number> {
  const records = await db.usageRecord.findMany({ where: { organizationId, meterKey } });
  return records.reduce((sum, r) => sum + r.seconds, 0);
}

describe("metering", () => {
  it("measures a deployment's components per second across hour boundaries from its status history", async () => {
    const { world, customer, now, hourStart: hour0 } = await billedWorld(5);
    // The world's deployment became HEALTHY at 00:20:07 of hour0 (medium scheduler, HA, 2 medium workers).
    await db.deployment.update({
      where: { id: world.deploymentId },
      data: {
        status: "HEALTHY",
        updatedAt: new Date(hour0 + 20 * 60_000 + 7_000),
        spec: {
          name: "etl",
          description: "",
          runtimeVersion: "3.3.1",
          executor: "CELERY",
          schedulerSize: "M",
          highAvailability: true,
          workerQueues: [
            { name: "default", workerSize: "M", minWorkers: 2, maxWorkers: 4, workerConcurrency: 16 },
          ],
          airflowConfigOverrides: [],
          contactEmails: [],
        },
      },
    });
    expect(await syncRuntimeUsage(db, plans, new Date(hour0 + 30 * 60_000))).toBe(1);
    // …and was deleted at 02:10:00 (two hours and 49 min 53 s later).
    await db.deployment.update({
      where: { id: world.deploymentId },
      data: { status: "DELETED", updatedAt: new Date(hour0 + 2 * HOUR + 10 * 60_000) },
    });
    expect(await syncRuntimeUsage(db, plans, new Date(hour0 + 3 * HOUR))).toBe(1);

    await measureUsage(db, now, new Date(hour0 - HOUR));
    const ranSeconds = 2 * 3600 + 10 * 60 - (20 * 60 + 7);
    expect(await skyportTotal(world.organizationId, "deployment_hours_m")).toBe(ranSeconds);
    expect(await skyportTotal(world.organizationId, "deployment_ha_hours_m")).toBe(ranSeconds);
    expect(await skyportTotal(world.organizationId, "worker_hours_m")).toBe(2 * ranSeconds);
    const firstHour = await db.usageRecord.findUniqueOrThrow({
      where: {
        organizationId_meterKey_hourStart: {
          organizationId: world.organizationId,
          meterKey: "deployment_hours_m",
          hourStart: new Date(hour0),
        },
      },
    });
    expect(firstHour.seconds).toBe(3600 - (20 * 60 + 7));

    const sent = await reportUsage(db, { stripe, plans }, now);
    expect(sent.sent).toBe(9);
    for (const meter of ["deployment_hours_m", "deployment_ha_hours_m", "worker_hours_m"]) {
      expect(stripeTotal(customer, meter)).toBe(await skyportTotal(world.organizationId, meter));
    }
  });

  it("resending after a crash between send and mark counts nothing twice", async () => {
    const { world, customer, now, hourStart: start } = await billedWorld(30);
    await db.usageRecord.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({
        organizationId: world.organizationId,
        meterKey: "worker_hours_s",
        hourStart: new Date(start + i * HOUR),
        seconds: 1000 + i,
      })),
    });
    const expected = await skyportTotal(world.organizationId, "worker_hours_s");
    // Three "crashes": each time some events reached Stripe but were never marked sent.
    for (const take of [7, 13, 30]) {
      await sendUsage(db, { stripe }, now, take);
      await db.usageRecord.updateMany({
        where: { organizationId: world.organizationId },
        data: { sentAt: null },
      });
    }
    await sendUsage(db, { stripe }, now, 100);
    expect(
      await db.usageRecord.count({ where: { organizationId: world.organizationId, sentAt: null } }),
    ).toBe(0);
    expect(stripeTotal(customer, "worker_hours_s")).toBe(expected);
    const identifiers = local.meterEvents(stripeNames.meterEvent("worker_hours_s")).map((e) => e.identifier);
    expect(identifiers).toContain(
      meterEventIdentifier({
        organizationId: world.organizationId,
        meterKey: "worker_hours_s",
        hourStart: new Date(start),
      }),
    );
  });
});

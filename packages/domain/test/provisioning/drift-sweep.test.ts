// The drift sweep, spread: over one round of ticks every settled, healthy deployment is checked
// exactly once and every unsettled one at every tick; a tick's jobs are spread over the tick
// (BullMQ delays), not enqueued to run at once. Real PostgreSQL and Redis.
import { createRedisConnection, JobProducer } from "@skyport/queue";
import { testRedis } from "@skyport/testing";
import { afterAll, describe, expect, it } from "vitest";
import {
  driftSweepTick,
  HEALTHY_ROUND_TICKS,
  prismaProvisioningRepository,
  sliceOf,
  sweepForDrift,
} from "../../src/provisioning/index.ts";
import { createHarness } from "./support.ts";

const harness = await createHarness();
const { url, prefix } = testRedis();
const redis = createRedisConnection(url, { maxRetriesPerRequest: 1 });
await redis.connect();
const producer = new JobProducer(redis, prefix);
afterAll(async () => {
  await producer.close();
  redis.disconnect();
});

describe("sweepForDrift", () => {
  it("checks each healthy deployment once per round and the unsettled ones at every tick, spread over the tick", async () => {
    const healthy: string[] = [];
    for (let i = 0; i < 48; i++) {
      const { id } = await harness.createDeployment({ status: "HEALTHY" });
      await harness.db.deployment.update({ where: { id }, data: { observedGeneration: 1 } });
      healthy.push(id);
    }
    const failed = (await harness.createDeployment({ status: "FAILED" })).id;
    const creating = (await harness.createDeployment()).id;
    // HEALTHY but a newer generation not yet rolled out: unsettled.
    const behind = (await harness.createDeployment({ status: "HEALTHY" })).id;
    await harness.db.deployment.update({
      where: { id: behind },
      data: { generation: 2, observedGeneration: 1 },
    });
    const deleted = (await harness.createDeployment({ status: "DELETED" })).id;

    const repository = prismaProvisioningRepository(harness.db);
    const queue = producer.queue("provisioning");
    const interval = 300_000;
    const start = Math.floor(Date.now() / interval) * interval;
    const checked = new Map<string, number>();
    for (let tick = 0; tick < HEALTHY_ROUND_TICKS; tick++) {
      const sweep = driftSweepTick(start + tick * interval, interval);
      const result = await sweepForDrift(repository, producer, sweep);
      expect(result.live).toBe(51);
      const jobs = (await queue.getJobs(["delayed", "waiting"])).filter(
        (job) => job.data.trigger === sweep.trigger,
      );
      expect(jobs).toHaveLength(result.enqueued);
      const ids = jobs.map((job) => job.data.deploymentId as string);
      // Every tick: the three unsettled ones; never the deleted one.
      expect(ids).toEqual(expect.arrayContaining([failed, creating, behind]));
      expect(ids).not.toContain(deleted);
      for (const id of ids) if (healthy.includes(id)) checked.set(id, (checked.get(id) ?? 0) + 1);
      // Spread over the tick: delays from 0 up to (not including) the interval, evenly.
      const delays = jobs.map((job) => job.opts.delay ?? 0).sort((a, b) => a - b);
      expect(delays[0]).toBe(0);
      expect(Math.max(...delays)).toBeLessThan(interval);
      if (jobs.length > 1) expect(Math.max(...delays)).toBeGreaterThanOrEqual(interval / 2);
      expect(jobs.every((job) => job.data.reason === "drift")).toBe(true);
      await queue.obliterate({ force: true });
    }
    // Over one round, each healthy deployment exactly once.
    expect([...checked.keys()].sort()).toEqual([...healthy].sort());
    expect([...checked.values()].every((count) => count === 1)).toBe(true);
  });

  it("slices ids evenly and stably", () => {
    const counts = new Array<number>(HEALTHY_ROUND_TICKS).fill(0);
    for (let i = 0; i < 12_000; i++) {
      const slice = sliceOf(`cm${i.toString(36).padStart(10, "0")}x`, HEALTHY_ROUND_TICKS);
      counts[slice] = (counts[slice] ?? 0) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(800);
    expect(sliceOf("cm1dep0000abc123", 12)).toBe(sliceOf("cm1dep0000abc123", 12));
  });
});

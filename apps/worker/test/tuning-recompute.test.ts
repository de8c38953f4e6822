// The tuning recompute job in the real worker (PostgreSQL, Redis, the worker's own clock): a
// deployment whose stored metrics and runs show parallelism far below its worker capacity gets
// that recommendation persisted; running the job again makes no second row; once the signal is
// resolved (the next window shows open executor slots) the open recommendation is superseded,
// the state docs/tuning.md documents for a finding no longer seen.
import { deploymentSpec } from "@skyport/deployment-spec";
import { createLogger } from "@skyport/logger";
import { JobProducer, jobs } from "@skyport/queue";
import { buildWorld, waitFor } from "@skyport/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HOUR,
  STARVED_LOAD as LOAD,
  STARVED_SPEC as SPEC,
  storeSimulatedHistory,
  T0,
} from "../../../packages/domain/test/tuning/history-support.ts";
import { createSkyportWorker } from "../src/worker.ts";
import { workerTestServices } from "./support/worker-services.ts";

const { db, prefix, redis, config } = await workerTestServices("worker-tuning-secret-0123456789abcdefghijk");
const world = await buildWorld(db);
const target = { organizationId: world.organizationId, deploymentId: world.deploymentId };

describe("the tuning recompute job", () => {
  let now = new Date(T0 + 6 * HOUR);
  const producer = new JobProducer(redis, prefix);
  const worker = createSkyportWorker(config, createLogger({ name: "worker-test", level: "silent" }), {
    prefix,
    alerts: { clock: () => now },
  });
  const telemetry = producer.queue("telemetry");

  /** Enqueues the scheduled job (its id is fixed, so the last finished one is removed first) and
   * waits for the worker to finish it. */
  async function runJob(): Promise<void> {
    const previous = await telemetry.getJob(jobs.tuningRecompute.name.concat(".tuning-recompute"));
    await previous?.remove();
    const id = await producer.enqueue(jobs.tuningRecompute, {});
    await waitFor(
      async () => {
        const job = await telemetry.getJob(id);
        if (await job?.isFailed())
          throw new Error(`the job failed: ${(await telemetry.getJob(id))?.failedReason}`);
        return (await job?.isCompleted()) ?? false;
      },
      30_000,
      "the tuning recompute job to finish",
    );
  }

  beforeAll(async () => {
    await db.deployment.update({
      where: { id: world.deploymentId },
      data: { spec: SPEC as object, status: "HEALTHY", observedGeneration: 1 },
    });
    await storeSimulatedHistory(db, target, SPEC, LOAD, T0);
    await worker.start();
  });
  afterAll(async () => {
    await worker.stop();
    await producer.close();
  });

  it("persists the parallelism recommendation the stored history calls for", async () => {
    await runJob();
    const rows = await db.tuningRecommendation.findMany({ where: { deploymentId: world.deploymentId } });
    expect(rows.map((row) => [row.ruleId, row.state])).toEqual([
      ["parallelism-below-worker-capacity", "OPEN"],
    ]);
    expect(rows[0]?.diff).toEqual([
      "- airflowConfigOverrides core.parallelism: 8",
      "+ airflowConfigOverrides core.parallelism: 80",
    ]);
    expect(rows[0]?.computedAt).toEqual(now);
  });

  it("a second run updates the same row instead of adding one", async () => {
    const [first] = await db.tuningRecommendation.findMany({ where: { deploymentId: world.deploymentId } });
    now = new Date(T0 + 6 * HOUR + 60_000);
    await runJob();
    const rows = await db.tuningRecommendation.findMany({ where: { deploymentId: world.deploymentId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(first?.id);
    expect(rows[0]?.state).toBe("OPEN");
    expect(rows[0]?.computedAt).toEqual(now);
  });

  it("supersedes the open recommendation once the next window shows the signal resolved", async () => {
    // The next six hours: the same DAGs with room to run (what parallelism 80 gives).
    const roomy = deploymentSpec({
      ...SPEC,
      airflowConfigOverrides: [{ section: "core", key: "parallelism", value: "80" }],
    });
    await storeSimulatedHistory(db, target, roomy, LOAD, T0 + 6 * HOUR);
    now = new Date(T0 + 12 * HOUR);
    await runJob();
    const rows = await db.tuningRecommendation.findMany({ where: { deploymentId: world.deploymentId } });
    expect(rows.map((row) => [row.ruleId, row.state])).toEqual([
      ["parallelism-below-worker-capacity", "SUPERSEDED"],
    ]);
  });
});

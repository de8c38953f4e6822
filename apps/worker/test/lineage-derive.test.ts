// The telemetry queue in the real worker: a lineage-derive job turns a deployment's raw events
// into its run model, and a job enqueued twice for the same second runs once.
import { randomUUID } from "node:crypto";
import { ingestLineageEvents } from "@skyport/domain";
import { createLogger } from "@skyport/logger";
import { JobProducer, jobs } from "@skyport/queue";
import { buildWorld, waitFor } from "@skyport/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSkyportWorker } from "../src/worker.ts";
import { workerTestServices } from "./support/worker-services.ts";

const { db, prefix, redis, config } = await workerTestServices("worker-lineage-secret-0123456789abcdefghijk");
const world = await buildWorld(db);

describe("telemetry jobs in the worker", () => {
  const producer = new JobProducer(redis, prefix);
  const worker = createSkyportWorker(config, createLogger({ name: "worker-test", level: "silent" }), {
    prefix,
  });
  beforeAll(() => worker.start());
  afterAll(async () => {
    await worker.stop();
    await producer.close();
  });

  it("derives the DAG run a runtime reported", async () => {
    const runId = randomUUID();
    const base = {
      producer: "https://example.com/producer",
      schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
      run: { runId },
      job: { namespace: "default", name: "nightly" },
    };
    const startedAt = new Date(Date.now() - 120_000);
    await ingestLineageEvents(
      db,
      { organizationId: world.organizationId, deploymentId: world.deploymentId },
      [
        { ...base, eventType: "START", eventTime: startedAt.toISOString() },
        { ...base, eventType: "COMPLETE", eventTime: new Date(startedAt.getTime() + 90_000).toISOString() },
      ],
      { batch: true },
    );
    const second = Math.floor(Date.now() / 1000);
    await producer.enqueue(jobs.lineageDerive, { deploymentId: world.deploymentId, second });
    await producer.enqueue(jobs.lineageDerive, { deploymentId: world.deploymentId, second });
    const run = await waitFor(async () => (await db.dagRun.findFirst({ where: { runId } })) ?? undefined);
    expect(run).toMatchObject({ dagId: "nightly", state: "SUCCESS", durationMs: 90_000 });
    const derives = (await producer.queue("telemetry").getJobs(["completed", "waiting", "active"])).filter(
      (job) => job.name === jobs.lineageDerive.name,
    );
    expect(derives).toHaveLength(1);
  });
});

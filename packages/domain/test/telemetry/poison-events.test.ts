// A poison event — one that passes ingest validation but whose derivation throws (here a task
// facet whose try_number does not fit the model's integer column) — must not hold up its
// deployment: the run it belongs to is rolled back alone and recorded (attempts, last error),
// retried a bounded number of times, then parked and skipped, while every other run derives,
// and the telemetry status counts it.
import { randomUUID } from "node:crypto";
import {
  deploymentsWithPendingLineage,
  deriveDeploymentLineage,
  getIngestToken,
  ingestLineageEvents,
  MAX_DERIVE_ATTEMPTS,
  rebuildRunModel,
} from "@skyport/domain";
import { buildWorld, createTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { newDeployment } from "./support.ts";

const { db } = await createTestDatabase();
const world = await buildWorld(db);
const PRODUCER = "https://github.com/apache/airflow/tree/providers-openlineage/2.10.0";
const SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
const CANARY = "canary-event-content-7f3a";

function facet(extra: Record<string, unknown>) {
  return { _producer: PRODUCER, _schemaURL: `${SCHEMA.replace("RunEvent", "RunFacet")}`, ...extra };
}

function dagEvent(runId: string, dagId: string, eventType: string, at: Date) {
  return {
    eventType,
    eventTime: at.toISOString(),
    producer: PRODUCER,
    schemaURL: SCHEMA,
    run: {
      runId,
      facets: { airflowDagRun: facet({ dag: { dag_id: dagId }, dagRun: { run_id: `manual__${dagId}` } }) },
    },
    job: { namespace: "default", name: dagId },
  };
}

function taskEvent(
  dag: { runId: string; dagId: string },
  task: { runId: string; taskId: string; tryNumber: unknown; note?: string },
  eventType: string,
  at: Date,
) {
  return {
    eventType,
    eventTime: at.toISOString(),
    producer: PRODUCER,
    schemaURL: SCHEMA,
    run: {
      runId: task.runId,
      facets: {
        parent: facet({ run: { runId: dag.runId }, job: { namespace: "default", name: dag.dagId } }),
        airflow: facet({
          dag: { dag_id: dag.dagId },
          task: { task_id: task.taskId, ...(task.note ? { doc_md: task.note } : {}) },
          taskInstance: { try_number: task.tryNumber, queue: "default" },
        }),
      },
    },
    job: { namespace: "default", name: `${dag.dagId}.${task.taskId}` },
  };
}

describe("poison events", () => {
  it("isolate their run: the others derive, the run is retried, then parked and skipped", async () => {
    const target = await newDeployment(db, world);
    const { deploymentId } = target;
    const t0 = new Date(Date.now() - 60_000);
    const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    const dag = { runId: randomUUID(), dagId: "etl" };
    const good = { runId: randomUUID(), taskId: "extract", tryNumber: 1 };
    // 3e9 is a valid JSON number and the facet is free-form, but no try number is that large.
    const poison = { runId: randomUUID(), taskId: "load", tryNumber: 3e9, note: CANARY };
    const stored = await ingestLineageEvents(db, target, [
      dagEvent(dag.runId, dag.dagId, "START", t0),
      taskEvent(dag, poison, "START", later(1)),
      taskEvent(dag, good, "START", later(2)),
      taskEvent(dag, good, "COMPLETE", later(5)),
    ]);
    expect(stored.map((o) => o.status)).toEqual(["stored", "stored", "stored", "stored"]);

    const first = await deriveDeploymentLineage(db, deploymentId, { settleMs: 0 });
    expect(first.failed).toBe(1);
    const tasks = async () =>
      (await db.taskInstanceTry.findMany({ where: { deploymentId }, orderBy: { taskId: "asc" } })).map(
        (t) => [t.taskId, t.state],
      );
    expect(await tasks()).toEqual([["extract", "SUCCESS"]]);
    expect(await db.dagRun.count({ where: { deploymentId, runId: dag.runId } })).toBe(1);
    const failure = await db.lineageDeriveFailure.findUniqueOrThrow({
      where: { deploymentId_runId: { deploymentId, runId: poison.runId } },
    });
    expect(failure).toMatchObject({ attempts: 1, parkedAt: null });
    expect(failure.lastError.length).toBeGreaterThan(0);
    expect(failure.lastError).not.toContain(CANARY);
    const status = async () =>
      (await getIngestToken({ db, actor: world.actor("workspaceMember") }, target)).derivation;
    expect(await status()).toEqual({ retryingRuns: 1, parkedRuns: 0 });

    // New events keep deriving past it: a second DAG run, and the first one completing.
    const dag2 = { runId: randomUUID(), dagId: "report" };
    const next = { runId: randomUUID(), taskId: "render", tryNumber: 1 };
    await ingestLineageEvents(db, target, [
      dagEvent(dag2.runId, dag2.dagId, "START", later(10)),
      taskEvent(dag2, next, "START", later(11)),
      taskEvent(dag2, next, "COMPLETE", later(12)),
      dagEvent(dag.runId, dag.dagId, "COMPLETE", later(20)),
    ]);
    expect((await deriveDeploymentLineage(db, deploymentId, { settleMs: 0 })).failed).toBe(1);
    expect(await tasks()).toEqual([
      ["extract", "SUCCESS"],
      ["render", "SUCCESS"],
    ]);
    const runs = await db.dagRun.findMany({ where: { deploymentId }, orderBy: { dagId: "asc" } });
    expect(runs.map((r) => [r.dagId, r.state])).toEqual([
      ["etl", "SUCCESS"],
      ["report", "RUNNING"],
    ]);

    // The sweep retries it (no new events needed) until it is parked, then leaves it alone.
    for (let attempt = 3; attempt <= MAX_DERIVE_ATTEMPTS; attempt++) {
      expect(await deploymentsWithPendingLineage(db)).toContain(deploymentId);
      await deriveDeploymentLineage(db, deploymentId, { settleMs: 0 });
    }
    const parked = await db.lineageDeriveFailure.findUniqueOrThrow({ where: { id: failure.id } });
    expect(parked.attempts).toBe(MAX_DERIVE_ATTEMPTS);
    expect(parked.parkedAt).not.toBeNull();
    expect(await deploymentsWithPendingLineage(db)).not.toContain(deploymentId);
    expect(await deriveDeploymentLineage(db, deploymentId, { settleMs: 0 })).toEqual({
      events: 0,
      runs: 0,
      failed: 0,
    });
    expect((await db.lineageDeriveFailure.findUniqueOrThrow({ where: { id: failure.id } })).attempts).toBe(
      MAX_DERIVE_ATTEMPTS,
    );
    expect(await status()).toEqual({ retryingRuns: 0, parkedRuns: 1 });

    // A parked run's later events are skipped too; the rest still derive.
    const dag3 = { runId: randomUUID(), dagId: "audit" };
    await ingestLineageEvents(db, target, [
      taskEvent(dag, poison, "COMPLETE", later(30)),
      dagEvent(dag3.runId, dag3.dagId, "START", later(31)),
    ]);
    expect(await deriveDeploymentLineage(db, deploymentId, { settleMs: 0 })).toMatchObject({ failed: 0 });
    expect(await db.dagRun.count({ where: { deploymentId, runId: dag3.runId } })).toBe(1);
    expect(await tasks()).toEqual([
      ["extract", "SUCCESS"],
      ["render", "SUCCESS"],
    ]);

    // A replay gives it another chance (and records it again when it still throws).
    const replay = await rebuildRunModel(db, deploymentId);
    expect(replay.failed).toBe(1);
    expect(await status()).toEqual({ retryingRuns: 1, parkedRuns: 0 });
    expect(await db.dagRun.count({ where: { deploymentId } })).toBe(3);
  });
});

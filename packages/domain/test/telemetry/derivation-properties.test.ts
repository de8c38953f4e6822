// The run model is a function of the SET of a run's raw events: any order, any duplication,
// any split into deliveries (with derivation between them) yields the same model, and a
// replay of the raw store rebuilds it exactly. fast-check generates the deliveries.
import { randomUUID } from "node:crypto";
import * as telemetry from "@skyport/domain";
import { deriveDeploymentLineage, ingestLineageEvents, rebuildRunModel } from "@skyport/domain";
import { worldOnTestDatabase } from "@skyport/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { modelOf, newDeployment } from "./support.ts";

const { db, world } = await worldOnTestDatabase();

const PRODUCER = "https://github.com/apache/airflow/tree/providers-openlineage/2.10.0";
const RUN_EVENT = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
const RUN_FACET = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunFacet";
const base = Date.parse("2026-12-05T08:00:00Z");
const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();

/** An Airflow 3 DAG run: task `extract` fails once and succeeds on retry, `load` succeeds, `notify` is skipped. */
function dagRunEvents() {
  const dagRunId = randomUUID();
  const dag = { namespace: "default", name: "nightly" };
  const dagFacets = (extra: Record<string, unknown> = {}) => ({
    airflowDagRun: {
      _producer: PRODUCER,
      _schemaURL: RUN_FACET,
      dagRun: {
        dag_id: "nightly",
        run_id: "scheduled__2026-12-05T00:00:00+00:00",
        run_type: "scheduled",
        logical_date: "2026-12-05T00:00:00+00:00",
      },
    },
    ...extra,
  });
  const task = (
    taskId: string,
    tryNumber: number,
    type: string,
    minute: number,
    extra: Record<string, unknown> = {},
  ) => ({
    eventType: type,
    eventTime: at(minute),
    producer: PRODUCER,
    schemaURL: RUN_EVENT,
    run: {
      runId: `${taskId}-${tryNumber}`,
      facets: {
        parent: {
          _producer: PRODUCER,
          _schemaURL: "https://openlineage.io/spec/facets/1-1-0/ParentRunFacet.json#/$defs/ParentRunFacet",
          run: { runId: dagRunId },
          job: dag,
        },
        airflow: {
          _producer: PRODUCER,
          _schemaURL: RUN_FACET,
          taskInstance: {
            try_number: tryNumber,
            pool: "default_pool",
            queue: "default",
            duration: taskId === "load" ? 120 : 60,
          },
          task: { task_id: taskId },
        },
        ...extra,
      },
    },
    job: { namespace: "default", name: `nightly.${taskId}` },
  });
  const ids = new Map<string, string>();
  const withUuid = (event: ReturnType<typeof task>) => {
    const key = event.run.runId;
    if (!ids.has(key)) ids.set(key, randomUUID());
    return { ...event, run: { ...event.run, runId: ids.get(key) as string } };
  };
  const error = {
    errorMessage: {
      _producer: PRODUCER,
      _schemaURL:
        "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet",
      message: "connection refused",
      programmingLanguage: "python",
      stackTrace: "Traceback (most recent call last):\nConnectionError: connection refused\n",
    },
  };
  return [
    {
      eventType: "START",
      eventTime: at(0),
      producer: PRODUCER,
      schemaURL: RUN_EVENT,
      run: { runId: dagRunId, facets: dagFacets() },
      job: dag,
    },
    withUuid(task("extract", 1, "START", 1)),
    withUuid(task("extract", 1, "FAIL", 2, error)),
    withUuid(task("extract", 2, "START", 3)),
    withUuid(task("extract", 2, "COMPLETE", 4)),
    withUuid(task("load", 1, "START", 5)),
    withUuid(task("load", 1, "COMPLETE", 7)),
    {
      eventType: "COMPLETE",
      eventTime: at(8),
      producer: PRODUCER,
      schemaURL: RUN_EVENT,
      run: {
        runId: dagRunId,
        facets: dagFacets({
          airflowState: {
            _producer: PRODUCER,
            _schemaURL: RUN_FACET,
            dagRunState: "success",
            tasksState: { extract: "success", load: "success", notify: "skipped" },
            tasksDuration: { extract: 60, load: 120, notify: 0 },
          },
        }),
      },
      job: dag,
    },
  ];
}

/** The model without what differs between deployments (row ids and the tenant columns). */
async function portableModel(deploymentId: string) {
  const { dagRuns, tasks, dataQuality } = await modelOf(db, deploymentId);
  const strip = <T extends { id: string; deploymentId: string; organizationId: string }>(rows: T[]) =>
    rows
      .map(({ id: _id, deploymentId: _d, organizationId: _o, ...rest }) => rest)
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { dagRuns: strip(dagRuns), tasks: strip(tasks), dataQuality: strip(dataQuality) };
}

async function deliver(events: unknown[][]) {
  const target = await newDeployment(db, world);
  for (const chunk of events) {
    await ingestLineageEvents(db, target, chunk, { batch: true, retentionDays: 36_500 });
    await deriveDeploymentLineage(db, target.deploymentId, { settleMs: 0 });
  }
  return target.deploymentId;
}

const events = dagRunEvents();
const reference = await portableModel(await deliver([events]));

describe("deriving the run model", () => {
  it("reads the DAG run, every try and the scheduler-skipped task", () => {
    expect(reference.dagRuns).toHaveLength(1);
    expect(reference.dagRuns[0]).toMatchObject({
      dagId: "nightly",
      state: "SUCCESS",
      runType: "scheduled",
      airflowRunId: "scheduled__2026-12-05T00:00:00+00:00",
      durationMs: 8 * 60_000,
      taskCount: 3,
      failedTaskCount: 0,
    });
    const tries = reference.tasks
      .map((t) => `${t.taskId}#${t.tryNumber} ${t.state} ${t.durationMs} ${t.source}`)
      .sort();
    expect(tries).toEqual([
      "extract#1 FAILED 60000 events",
      "extract#2 SUCCESS 60000 events",
      "load#1 SUCCESS 120000 events",
      "notify#null SKIPPED 0 dag-state",
    ]);
    const failed = reference.tasks.find((t) => t.state === "FAILED");
    expect(failed).toMatchObject({
      errorMessage: "connection refused",
      queue: "default",
      pool: "default_pool",
    });
    expect(failed?.stackTrace).toContain("ConnectionError");
  });

  it("is the same for any order, duplication and split of the deliveries", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: events.length - 1 }), { maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer(),
        async (duplicates, chunks, seed) => {
          const stream = [...events, ...duplicates.map((i) => events[i])];
          // A seeded shuffle of the stream, then split into `chunks` deliveries.
          let state = seed >>> 0 || 1;
          const random = () => {
            state = (state * 1_103_515_245 + 12_345) >>> 0;
            return state / 2 ** 32;
          };
          for (let i = stream.length - 1; i > 0; i--) {
            const j = Math.floor(random() * (i + 1));
            [stream[i], stream[j]] = [stream[j], stream[i]];
          }
          const size = Math.ceil(stream.length / chunks);
          const deliveries = Array.from({ length: chunks }, (_, k) => stream.slice(k * size, (k + 1) * size));
          const deploymentId = await deliver(deliveries.filter((d) => d.length > 0));
          expect(await portableModel(deploymentId)).toEqual(reference);
          // Replaying the raw store rebuilds the same model.
          await rebuildRunModel(db, deploymentId);
          expect(await portableModel(deploymentId)).toEqual(reference);
        },
      ),
      { numRuns: 20 },
    );
  });

  it("converges to the same states and ends when START events never arrive", async () => {
    const withoutStarts = events.filter((event) => event.eventType !== "START");
    const reversed = [...withoutStarts].reverse().map((event) => [event]);
    const model = await portableModel(await deliver(reversed));
    const key = (t: {
      taskId: string;
      tryNumber: number | null;
      state: string;
      endedAt: Date | null;
      durationMs: number | null;
    }) => `${t.taskId}#${t.tryNumber} ${t.state} ${t.endedAt?.toISOString()} ${t.durationMs}`;
    expect(model.tasks.map(key).sort()).toEqual(reference.tasks.map(key).sort());
    expect(model.dagRuns[0]).toMatchObject({ state: "SUCCESS", endedAt: reference.dagRuns[0]?.endedAt });
    // The DAG run's start is not known without its START; its facts say so rather than guess.
    expect(model.dagRuns[0]?.startedAt).toBeNull();
  });

  it("shows a DAG run known only from its tasks as UNKNOWN until its own events arrive", async () => {
    const taskOnly = events.filter((event) => event.job.name !== "nightly");
    const target = await newDeployment(db, world);
    await ingestLineageEvents(db, target, taskOnly, { batch: true });
    await deriveDeploymentLineage(db, target.deploymentId, { settleMs: 0 });
    const run = await db.dagRun.findFirstOrThrow({ where: { deploymentId: target.deploymentId } });
    expect(run).toMatchObject({ dagId: "nightly", state: "UNKNOWN", taskCount: 2 });
    await ingestLineageEvents(db, target, events, { batch: true });
    await deriveDeploymentLineage(db, target.deploymentId, { settleMs: 0 });
    expect(await portableModel(target.deploymentId)).toEqual(reference);
  });
});

// A poison event passes ingest validation but makes derivation throw (here a task facet whose
// try_number no integer column holds). It must not hold up its deployment: its run is rolled back
// alone and recorded (attempts, last error), retried a bounded number of times, then parked and
// skipped, while every other run derives; the telemetry status counts it.
describe("a poison event", () => {
  it("isolates its run: the others derive, the run is retried, then parked and skipped", async () => {
    const target = await newDeployment(db, world);
    const { deploymentId } = target;
    const poisoned = dagRunEvents().map((event) => {
      if (event.job.name !== "nightly.load") return event;
      const copy = structuredClone(event);
      (
        copy.run.facets as { airflow: { taskInstance: { try_number: number } } }
      ).airflow.taskInstance.try_number = 3e9;
      return copy;
    });
    const dagComplete = poisoned.at(-1);
    await ingestLineageEvents(db, target, poisoned.slice(0, -1));
    const derive = () => deriveDeploymentLineage(db, deploymentId, { settleMs: 0 });
    const tasks = async () =>
      (await db.taskInstanceTry.findMany({ where: { deploymentId, source: "events" } }))
        .map((t) => `${t.dagRunId.slice(0, 4)}:${t.taskId}.${t.tryNumber}:${t.state}`)
        .sort();
    const status = async () =>
      (await telemetry.getIngestToken({ db, actor: world.actor("workspaceMember") }, target)).derivation;

    expect((await derive()).failed).toBe(1);
    const dagRunId = poisoned[0]?.run.runId.slice(0, 4);
    expect(await tasks()).toEqual([`${dagRunId}:extract.1:FAILED`, `${dagRunId}:extract.2:SUCCESS`]);
    const loadRunId = poisoned.find((event) => event.job.name === "nightly.load")?.run.runId ?? "";
    const failure = await db.lineageDeriveFailure.findUniqueOrThrow({
      where: { deploymentId_runId: { deploymentId, runId: loadRunId } },
    });
    expect(failure).toMatchObject({ attempts: 1, parkedAt: null });
    expect(failure.lastError).toMatch(/\S/);
    expect(failure.lastError).not.toContain("\n");
    expect(await status()).toEqual({ retryingRuns: 1, parkedRuns: 0 });

    // Later events keep deriving past it: its DAG run completing, and a whole second DAG run.
    const second = dagRunEvents();
    await ingestLineageEvents(db, target, [...(dagComplete ? [dagComplete] : []), ...second]);
    expect((await derive()).failed).toBe(1);
    const secondRun = second[0]?.run.runId.slice(0, 4);
    expect((await tasks()).filter((t) => t.startsWith(`${secondRun}:`))).toEqual([
      `${secondRun}:extract.1:FAILED`,
      `${secondRun}:extract.2:SUCCESS`,
      `${secondRun}:load.1:SUCCESS`,
    ]);
    expect((await db.dagRun.findMany({ where: { deploymentId } })).map((r) => r.state)).toEqual([
      "SUCCESS",
      "SUCCESS",
    ]);

    // The sweep retries it without new events until it is parked, then leaves it alone.
    for (let attempt = 3; attempt <= telemetry.MAX_DERIVE_ATTEMPTS; attempt++) {
      expect(await telemetry.deploymentsWithPendingLineage(db)).toContain(deploymentId);
      await derive();
    }
    const parked = await db.lineageDeriveFailure.findUniqueOrThrow({ where: { id: failure.id } });
    expect(parked.attempts).toBe(telemetry.MAX_DERIVE_ATTEMPTS);
    expect(parked.parkedAt).not.toBeNull();
    expect(await telemetry.deploymentsWithPendingLineage(db)).not.toContain(deploymentId);
    expect(await derive()).toEqual({ events: 0, runs: 0, failed: 0 });
    expect(await status()).toEqual({ retryingRuns: 0, parkedRuns: 1 });

    // A replay gives it another chance (recorded again while it still throws); the rest rebuilds.
    const before = await tasks();
    expect((await rebuildRunModel(db, deploymentId)).failed).toBe(1);
    expect(await tasks()).toEqual(before);
    expect(await status()).toEqual({ retryingRuns: 1, parkedRuns: 0 });
  });
});

// The run model (DAG runs, task tries, data-quality results) derived from the raw store by the
// worker. Every derived row is a function of the raw events of its run (and, for a DAG run, of
// its tasks' rows), written with a deterministic id, so deriving is idempotent and
// order-independent, and rebuilding from the raw store reproduces the model exactly.
import type { PrismaClient, TransactionClient } from "@skyport/db";
import {
  dagRunFields,
  dataQualityFacts,
  type LineageEventPayload,
  type RunFacts,
  runFacts,
  stableId,
  taskStateOf,
  taskTryFields,
} from "./run-facts.ts";

/** Raw events read per derivation step. */
const DERIVE_BATCH = 2000;
/**
 * Events younger than this are derived but the cursor stays before them: a concurrent INSERT
 * may still commit a lower sequence number, which the next run must not skip.
 */
export const DEFAULT_SETTLE_MS = 2_000;

async function loadEvents(
  tx: TransactionClient,
  deploymentId: string,
  runIds: readonly string[],
): Promise<Map<string, LineageEventPayload[]>> {
  const byRun = new Map<string, LineageEventPayload[]>();
  if (runIds.length === 0) return byRun;
  const rows = await tx.lineageEvent.findMany({
    where: { deploymentId, runId: { in: [...runIds] } },
    select: { runId: true, payload: true },
  });
  for (const row of rows) {
    const list = byRun.get(row.runId) ?? [];
    list.push(row.payload as unknown as LineageEventPayload);
    byRun.set(row.runId, list);
  }
  return byRun;
}

interface Scope {
  organizationId: string;
  deploymentId: string;
}

async function writeDataQuality(
  tx: TransactionClient,
  scope: Scope,
  facts: RunFacts,
  events: LineageEventPayload[],
) {
  await tx.dataQualityResult.deleteMany({ where: { deploymentId: scope.deploymentId, runId: facts.runId } });
  const results = dataQualityFacts(events);
  if (results.length === 0) return;
  await tx.dataQualityResult.createMany({
    data: results.map((result, index) => ({
      id: stableId("dq", scope.deploymentId, facts.runId, String(index)),
      ...scope,
      runId: facts.runId,
      jobName: facts.jobName,
      ...result,
    })),
  });
}

async function writeTaskTry(tx: TransactionClient, scope: Scope, facts: RunFacts): Promise<void> {
  const parent = facts.parent as NonNullable<RunFacts["parent"]>;
  const fields = taskTryFields(facts);
  const data = { ...scope, runId: facts.runId, dagRunId: parent.runId, source: "events", ...fields };
  await tx.taskInstanceTry.upsert({
    where: { deploymentId_key: { deploymentId: scope.deploymentId, key: facts.runId } },
    create: { id: stableId("ti", scope.deploymentId, facts.runId), key: facts.runId, ...data },
    update: data,
  });
}

const FAILED_TASK_STATES = new Set(["FAILED", "UPSTREAM_FAILED"]);

/** Derives one DAG run from its own events (maybe none) and its tasks' rows. */
async function writeDagRun(
  tx: TransactionClient,
  scope: Scope,
  runId: string,
  events: LineageEventPayload[],
): Promise<void> {
  const { deploymentId } = scope;
  const facts = events.length > 0 ? runFacts(runId, events) : null;
  const fields = facts ? dagRunFields(facts) : null;
  const taskRows = await tx.taskInstanceTry.findMany({
    where: { deploymentId, dagRunId: runId, source: "events" },
    select: { dagId: true, taskId: true, tryNumber: true, state: true, startedAt: true, endedAt: true },
  });
  if (!facts && taskRows.length === 0) {
    await tx.dagRun.deleteMany({ where: { deploymentId, runId } });
    await tx.taskInstanceTry.deleteMany({ where: { deploymentId, dagRunId: runId, source: "dag-state" } });
    return;
  }
  const dagId = fields?.dagId ?? [...taskRows.map((row) => row.dagId)].sort()[0] ?? "";

  // Tasks the DAG run's airflowState names that reported nothing themselves (scheduler skips,
  // tasks that never ran): one row each, from the DAG's facet.
  const reported = new Set(taskRows.map((row) => row.taskId));
  const schedulerOnly = Object.entries(fields?.tasksState ?? {}).filter(([taskId]) => !reported.has(taskId));
  await tx.taskInstanceTry.deleteMany({
    where: {
      deploymentId,
      dagRunId: runId,
      source: "dag-state",
      taskId: { notIn: schedulerOnly.map(([taskId]) => taskId) },
    },
  });
  for (const [taskId, airflowState] of schedulerOnly) {
    const key = `${runId}/${taskId}`;
    const seconds = fields?.tasksDuration[taskId];
    const data = {
      ...scope,
      runId: null,
      dagRunId: runId,
      dagId,
      taskId,
      tryNumber: null,
      mapIndex: null,
      state: taskStateOf(airflowState),
      source: "dag-state",
      startedAt: null,
      endedAt: null,
      durationMs: typeof seconds === "number" ? Math.round(seconds * 1000) : null,
      queue: null,
      pool: null,
      errorMessage: null,
      stackTrace: null,
    };
    await tx.taskInstanceTry.upsert({
      where: { deploymentId_key: { deploymentId, key } },
      create: { id: stableId("ti", deploymentId, key), key, ...data },
      update: data,
    });
  }

  // A task's outcome is its latest try's.
  // `order` ranks tries (an unnumbered try first); `tryNumber` is the row's own, to address it.
  const latest = new Map<string, { order: number; tryNumber: number | null; state: string }>();
  for (const row of taskRows) {
    const current = latest.get(row.taskId);
    const order = row.tryNumber ?? 0;
    if (!current || order >= current.order)
      latest.set(row.taskId, { order, tryNumber: row.tryNumber, state: row.state });
  }
  for (const [taskId, airflowState] of schedulerOnly)
    latest.set(taskId, { order: 0, tryNumber: null, state: taskStateOf(airflowState) });
  // A task that skipped itself (AirflowSkipException) reports COMPLETE: OpenLineage has no skip
  // event type. The DAG run's airflowState holds what Airflow recorded, and it wins for the
  // task's latest try. (Derived again with its DAG run whenever the task's events change.)
  for (const taskId of reported) {
    const recorded = fields?.tasksState[taskId];
    const task = latest.get(taskId);
    if (!recorded || !task || task.state !== "SUCCESS" || taskStateOf(recorded) !== "SKIPPED") continue;
    await tx.taskInstanceTry.updateMany({
      where: {
        deploymentId,
        dagRunId: runId,
        source: "events",
        taskId,
        tryNumber: task.tryNumber,
      },
      data: { state: "SKIPPED" },
    });
    task.state = "SKIPPED";
  }
  const failedTaskCount = [...latest.values()].filter((task) => FAILED_TASK_STATES.has(task.state)).length;

  const times = taskRows.flatMap((row) => [row.startedAt, row.endedAt]).filter((t): t is Date => t !== null);
  if (facts) times.push(facts.lastEventTime);
  const lastEventTime = new Date(Math.max(...times.map((t) => t.getTime()), 0));
  const data = {
    ...scope,
    runId,
    jobNamespace: facts?.jobNamespace ?? "",
    dagId,
    airflowRunId: fields?.airflowRunId ?? null,
    logicalDate: fields?.logicalDate ?? null,
    runType: fields?.runType ?? null,
    state: fields?.state ?? "UNKNOWN",
    startedAt: fields?.startedAt ?? null,
    endedAt: fields?.endedAt ?? null,
    durationMs: fields?.durationMs ?? null,
    errorMessage: fields?.errorMessage ?? null,
    lastEventTime,
    taskCount: latest.size,
    failedTaskCount,
  };
  await tx.dagRun.upsert({
    where: { deploymentId_runId: { deploymentId, runId } },
    create: { id: stableId("dr", deploymentId, runId), ...data },
    update: data,
  });
}

/** How often a run whose derivation throws is tried before it is parked and skipped. */
export const MAX_DERIVE_ATTEMPTS = 5;
const MAX_ERROR_LENGTH = 500;

/**
 * Failure isolation for one derivation pass: runs to leave alone (parked), and, when `failed` is
 * set, each run derived under its own savepoint, so one that throws is rolled back alone and
 * recorded instead of aborting the others.
 */
interface Isolation {
  readonly skip: ReadonlySet<string>;
  readonly failed?: Map<string, string>;
}

/**
 * What is kept of an error: its last line (Prisma puts the reason there, after the invocation,
 * which may quote the event), shortened.
 */
function errorSummary(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const last = lines.at(-1) ?? "derivation failed";
  return last.length > MAX_ERROR_LENGTH ? `${last.slice(0, MAX_ERROR_LENGTH - 1)}…` : last;
}

async function guarded(
  tx: TransactionClient,
  isolation: Isolation | undefined,
  runId: string,
  work: () => Promise<void>,
): Promise<void> {
  const failed = isolation?.failed;
  if (!failed) return work();
  await tx.$executeRawUnsafe("SAVEPOINT derive_run");
  try {
    await work();
    await tx.$executeRawUnsafe("RELEASE SAVEPOINT derive_run");
  } catch (error) {
    await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT derive_run");
    failed.set(runId, errorSummary(error));
  }
}

/**
 * Re-derives the given runs (and the DAG runs they belong to) from their raw events. Tasks
 * first, then DAG runs, which read their tasks' rows. Runs in `isolation.skip` are left alone.
 */
export async function deriveRuns(
  tx: TransactionClient,
  scope: Scope,
  runIds: Iterable<string>,
  isolation?: Isolation,
): Promise<number> {
  const { deploymentId } = scope;
  const skip = isolation?.skip ?? new Set<string>();
  const ids = [...new Set([...runIds].filter((id) => id.length > 0 && !skip.has(id)))];
  const events = await loadEvents(tx, deploymentId, ids);
  const dagRuns = new Set<string>();
  for (const runId of ids) {
    const own = events.get(runId);
    if (!own) {
      // Named only as a parent so far: a DAG run known through its tasks.
      dagRuns.add(runId);
      continue;
    }
    await guarded(tx, isolation, runId, async () => {
      const facts = runFacts(runId, own);
      if (facts.parent) {
        await tx.dagRun.deleteMany({ where: { deploymentId, runId } });
        await writeTaskTry(tx, scope, facts);
        dagRuns.add(facts.parent.runId);
      } else {
        await tx.taskInstanceTry.deleteMany({ where: { deploymentId, key: runId } });
        dagRuns.add(runId);
      }
      await writeDataQuality(tx, scope, facts, own);
    });
  }
  const missing = [...dagRuns].filter((id) => !events.has(id) && !skip.has(id));
  const more = await loadEvents(tx, deploymentId, missing);
  for (const runId of dagRuns) {
    if (skip.has(runId) || isolation?.failed?.has(runId)) continue;
    const own = events.get(runId) ?? more.get(runId) ?? [];
    await guarded(tx, isolation, runId, async () => {
      // A run that turned out to be a task is not a DAG run.
      if (own.length > 0 && runFacts(runId, own).parent) return;
      await writeDagRun(tx, scope, runId, own);
    });
  }
  return ids.length;
}

/**
 * Derives the runs; if that throws, derives each under its own savepoint and returns the ones
 * that threw (with their error), so the others are written.
 */
async function deriveIsolating(
  tx: TransactionClient,
  scope: Scope,
  runIds: ReadonlySet<string>,
  skip: ReadonlySet<string>,
): Promise<{ runs: number; failed: Map<string, string> }> {
  await tx.$executeRawUnsafe("SAVEPOINT derive_batch");
  try {
    const runs = await deriveRuns(tx, scope, runIds, { skip });
    await tx.$executeRawUnsafe("RELEASE SAVEPOINT derive_batch");
    return { runs, failed: new Map() };
  } catch {
    await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT derive_batch");
  }
  const failed = new Map<string, string>();
  const runs = await deriveRuns(tx, scope, runIds, { skip, failed });
  return { runs, failed };
}

/**
 * Records this pass's outcome for runs that failed before or now: a failure counts an attempt
 * (parking the run at MAX_DERIVE_ATTEMPTS); a success clears the record.
 */
async function recordFailures(
  tx: TransactionClient,
  scope: Scope,
  retried: ReadonlySet<string>,
  failed: ReadonlyMap<string, string>,
  now: Date,
): Promise<void> {
  const { organizationId, deploymentId } = scope;
  const recovered = [...retried].filter((runId) => !failed.has(runId));
  if (recovered.length > 0) {
    await tx.lineageDeriveFailure.deleteMany({ where: { deploymentId, runId: { in: recovered } } });
  }
  for (const [runId, lastError] of failed) {
    const existing = await tx.lineageDeriveFailure.findUnique({
      where: { deploymentId_runId: { deploymentId, runId } },
      select: { attempts: true },
    });
    const attempts = (existing?.attempts ?? 0) + 1;
    const parkedAt = attempts >= MAX_DERIVE_ATTEMPTS ? now : null;
    await tx.lineageDeriveFailure.upsert({
      where: { deploymentId_runId: { deploymentId, runId } },
      create: { organizationId, deploymentId, runId, attempts, lastError, lastFailedAt: now, parkedAt },
      update: { attempts, lastError, lastFailedAt: now, parkedAt },
    });
  }
}

function lockKey(deploymentId: string): string {
  return `skyport.lineage-derive:${deploymentId}`;
}

/**
 * Derives everything new in a deployment's raw store since the last run (the worker job).
 * Serialised per deployment; safe to run any number of times.
 */
export async function deriveDeploymentLineage(
  db: PrismaClient,
  deploymentId: string,
  options: {
    settleMs?: number;
    now?: () => Date;
    /** Told the OpenLineage run ids each committed step derived (what alert evaluation rescans). */
    onDerived?: (runIds: readonly string[]) => void;
  } = {},
): Promise<{ events: number; runs: number; failed: number }> {
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  const now = options.now ?? (() => new Date());
  let totalEvents = 0;
  let totalRuns = 0;
  let totalFailed = 0;
  for (;;) {
    const step = await db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lockKey(deploymentId)}))`;
        const cursor = await tx.telemetryCursor.findUnique({ where: { deploymentId } });
        const after = cursor?.lastSeq ?? 0n;
        const pending = await tx.lineageEvent.findMany({
          where: { deploymentId, seq: { gt: after } },
          orderBy: { seq: "asc" },
          take: DERIVE_BATCH,
          select: { seq: true, organizationId: true, runId: true, parentRunId: true, receivedAt: true },
        });
        // Runs that failed before: parked ones are skipped, the others are tried again.
        const failures = await tx.lineageDeriveFailure.findMany({
          where: { deploymentId },
          select: { organizationId: true, runId: true, parkedAt: true },
        });
        const parked = new Set(failures.filter((f) => f.parkedAt).map((f) => f.runId));
        const retried = new Set(failures.filter((f) => !f.parkedAt).map((f) => f.runId));
        const first = pending[0] ?? failures.find((f) => !f.parkedAt);
        if (!first) return { events: 0, runs: 0, failed: 0, more: false, advanced: false };
        const scope = { organizationId: first.organizationId, deploymentId };
        const runIds = new Set<string>(retried);
        for (const row of pending) {
          runIds.add(row.runId);
          if (row.parentRunId) runIds.add(row.parentRunId);
        }
        const { runs, failed } = await deriveIsolating(tx, scope, runIds, parked);
        await recordFailures(tx, scope, retried, failed, now());
        const settled = now().getTime() - settleMs;
        let lastSeq = after;
        for (const row of pending) {
          if (row.receivedAt.getTime() > settled) break;
          lastSeq = row.seq;
        }
        if (lastSeq !== after) {
          await tx.telemetryCursor.upsert({
            where: { deploymentId },
            create: { deploymentId, lastSeq },
            update: { lastSeq },
          });
        }
        return {
          events: pending.length,
          runs,
          failed: failed.size,
          more: pending.length === DERIVE_BATCH,
          advanced: lastSeq !== after,
          runIds: [...runIds],
        };
      },
      { timeout: 120_000 },
    );
    if (step.runs > 0 && "runIds" in step && step.runIds) options.onDerived?.(step.runIds);
    totalEvents += step.events;
    totalRuns += step.runs;
    totalFailed += step.failed;
    if (!step.more || !step.advanced) return { events: totalEvents, runs: totalRuns, failed: totalFailed };
  }
}

/** Deployments whose raw store has events the run model has not settled yet, or runs to retry. */
export async function deploymentsWithPendingLineage(db: PrismaClient): Promise<string[]> {
  // Per deployment an index range probe on ("deploymentId", seq) in each partition, never a
  // scan of the whole store.
  const rows = await db.$queryRaw<Array<{ deploymentId: string }>>`
    SELECT d."id" AS "deploymentId" FROM "Deployment" d
    WHERE d."deletedAt" IS NULL AND (EXISTS (
      SELECT 1 FROM "LineageEvent" e
      WHERE e."deploymentId" = d."id"
        AND e."seq" > COALESCE((SELECT c."lastSeq" FROM "TelemetryCursor" c WHERE c."deploymentId" = d."id"), 0)
    ) OR EXISTS (
      SELECT 1 FROM "LineageDeriveFailure" f WHERE f."deploymentId" = d."id" AND f."parkedAt" IS NULL
    ))`;
  return rows.map((row) => row.deploymentId);
}

/**
 * Throws away a deployment's run model and derives it again from the raw store: what a
 * replay yields is what incremental derivation yielded.
 */
export async function rebuildRunModel(
  db: PrismaClient,
  deploymentId: string,
): Promise<{ events: number; runs: number; failed: number }> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lockKey(deploymentId)}))`;
    await tx.dataQualityResult.deleteMany({ where: { deploymentId } });
    await tx.taskInstanceTry.deleteMany({ where: { deploymentId } });
    await tx.dagRun.deleteMany({ where: { deploymentId } });
    await tx.telemetryCursor.deleteMany({ where: { deploymentId } });
    // A replay gives parked runs another chance.
    await tx.lineageDeriveFailure.deleteMany({ where: { deploymentId } });
  });
  return deriveDeploymentLineage(db, deploymentId, { settleMs: 0 });
}

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

/**
 * Re-derives the given runs (and the DAG runs they belong to) from their raw events. Tasks
 * first, then DAG runs, which read their tasks' rows.
 */
export async function deriveRuns(
  tx: TransactionClient,
  scope: Scope,
  runIds: Iterable<string>,
): Promise<number> {
  const { deploymentId } = scope;
  const ids = [...new Set([...runIds].filter((id) => id.length > 0))];
  const events = await loadEvents(tx, deploymentId, ids);
  const dagRuns = new Set<string>();
  for (const runId of ids) {
    const own = events.get(runId);
    if (!own) {
      // Named only as a parent so far: a DAG run known through its tasks.
      dagRuns.add(runId);
      continue;
    }
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
  }
  const missing = [...dagRuns].filter((id) => !events.has(id));
  const more = await loadEvents(tx, deploymentId, missing);
  for (const runId of dagRuns) {
    const own = events.get(runId) ?? more.get(runId) ?? [];
    // A run that turned out to be a task is not a DAG run.
    if (own.length > 0 && runFacts(runId, own).parent) continue;
    await writeDagRun(tx, scope, runId, own);
  }
  return ids.length;
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
  options: { settleMs?: number; now?: () => Date } = {},
): Promise<{ events: number; runs: number }> {
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  const now = options.now ?? (() => new Date());
  let totalEvents = 0;
  let totalRuns = 0;
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
        const first = pending[0];
        if (!first) return { events: 0, runs: 0, more: false, advanced: false };
        const runIds = new Set<string>();
        for (const row of pending) {
          runIds.add(row.runId);
          if (row.parentRunId) runIds.add(row.parentRunId);
        }
        const runs = await deriveRuns(tx, { organizationId: first.organizationId, deploymentId }, runIds);
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
          more: pending.length === DERIVE_BATCH,
          advanced: lastSeq !== after,
        };
      },
      { timeout: 120_000 },
    );
    totalEvents += step.events;
    totalRuns += step.runs;
    if (!step.more || !step.advanced) return { events: totalEvents, runs: totalRuns };
  }
}

/** Deployments whose raw store has events the run model has not settled yet. */
export async function deploymentsWithPendingLineage(db: PrismaClient): Promise<string[]> {
  // Per deployment an index range probe on ("deploymentId", seq) in each partition, never a
  // scan of the whole store.
  const rows = await db.$queryRaw<Array<{ deploymentId: string }>>`
    SELECT d."id" AS "deploymentId" FROM "Deployment" d
    WHERE d."deletedAt" IS NULL AND EXISTS (
      SELECT 1 FROM "LineageEvent" e
      WHERE e."deploymentId" = d."id"
        AND e."seq" > COALESCE((SELECT c."lastSeq" FROM "TelemetryCursor" c WHERE c."deploymentId" = d."id"), 0)
    )`;
  return rows.map((row) => row.deploymentId);
}

/**
 * Throws away a deployment's run model and derives it again from the raw store: what a
 * replay yields is what incremental derivation yielded.
 */
export async function rebuildRunModel(
  db: PrismaClient,
  deploymentId: string,
): Promise<{ events: number; runs: number }> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lockKey(deploymentId)}))`;
    await tx.dataQualityResult.deleteMany({ where: { deploymentId } });
    await tx.taskInstanceTry.deleteMany({ where: { deploymentId } });
    await tx.dagRun.deleteMany({ where: { deploymentId } });
    await tx.telemetryCursor.deleteMany({ where: { deploymentId } });
  });
  return deriveDeploymentLineage(db, deploymentId, { settleMs: 0 });
}

// Telemetry overviews over the run model: a deployment's summary (last event, runs of the last
// 24 hours by state, failing DAGs), one DAG's recent history, the failing DAGs of every
// deployment the caller can read in an organization, and the operators and datasets a run's raw
// events name. All reads; deployment.runs.read (WORKSPACE_MEMBER and up, or DEPLOYMENT_ADMIN).
import { emptySql, type Prisma, sql } from "@skyport/db";
import { authorize, type Db } from "../authz/authorize.ts";
import type { Actor } from "../shared/actor.ts";
import { NotFoundError } from "../shared/errors.ts";
import type { DeploymentRef } from "../shared/fields.types.ts";
import { keyset, pageOfRows } from "../shared/pagination.ts";
import { validate } from "../shared/validate.ts";
import { readableWorkspaces } from "../workspaces/list-workspaces.ts";
import {
  activityKey,
  authorizeRunsRead,
  parseActivityKey,
  type RunsReadContext,
  runsReadInput,
} from "./runs.ts";
import { DAG_RUN_STATES, type DagRunState } from "./telemetry.types.ts";
import {
  DAG_RECENT_RUNS,
  DAG_WINDOW_DAYS,
  type DagRunLineage,
  type DagSummary,
  type DatasetRef,
  type FailingDagView,
  type GetDagRunLineageInput,
  type GetDagSummaryInput,
  type GetRunsOverviewInput,
  getDagSummaryInput,
  getRunsOverviewInput,
  type ListFailingDagsInput,
  listFailingDagsInput,
  type OrganizationFailingDags,
  RUNS_OVERVIEW_MAX_DAGS,
  RUNS_OVERVIEW_RANGE,
  type RunsByState,
  type RunsOverview,
  type TelemetrySummary,
} from "./telemetry-overview.types.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

function countByState(groups: ReadonlyArray<{ state: string; _count: { _all: number } }>): RunsByState {
  const counts = Object.fromEntries(DAG_RUN_STATES.map((state) => [state, 0])) as RunsByState;
  for (const group of groups) {
    if ((DAG_RUN_STATES as readonly string[]).includes(group.state)) {
      counts[group.state as DagRunState] = group._count._all;
    }
  }
  return counts;
}

/**
 * Each DAG's latest run (by latest activity) in these deployments, kept when it failed: one
 * index walk per DAG on ("deploymentId", "dagId", "lastEventTime").
 */
async function failingDagsOf(
  db: Db,
  deploymentIds: readonly string[],
  page?: { after: { lastEventTime: Date; id: string } | null; take: number },
): Promise<Array<FailingDagView & { lastEventTime: Date }>> {
  if (deploymentIds.length === 0) return [];
  const after = page?.after;
  const rows = await db.$queryRaw<
    Array<{
      deploymentId: string;
      dagId: string;
      id: string;
      airflowRunId: string | null;
      lastEventTime: Date;
      endedAt: Date | null;
      errorMessage: string | null;
      failedTaskCount: number;
    }>
  >`
    SELECT * FROM (
      SELECT DISTINCT ON (r."deploymentId", r."dagId")
        r."deploymentId", r."dagId", r."id", r."airflowRunId", r."lastEventTime", r."endedAt",
        r."errorMessage", r."failedTaskCount", r."state"
      FROM "DagRun" r
      WHERE r."deploymentId" = ANY(${[...deploymentIds]})
      ORDER BY r."deploymentId", r."dagId", r."lastEventTime" DESC, r."id" DESC
    ) latest
    WHERE latest."state" = 'FAILED'
      ${after ? sql`AND (latest."lastEventTime", latest."id") < (${after.lastEventTime}::timestamp(3), ${after.id})` : emptySql}
    ORDER BY latest."lastEventTime" DESC, latest."id" DESC
    ${page ? sql`LIMIT ${page.take}` : emptySql}`;
  return rows.map((row) => ({
    deploymentId: row.deploymentId,
    dagId: row.dagId,
    dagRunId: row.id,
    lastEventTime: row.lastEventTime,
    airflowRunId: row.airflowRunId,
    failedAt: row.endedAt ?? row.lastEventTime,
    errorMessage: row.errorMessage,
    failedTaskCount: row.failedTaskCount,
  }));
}

/** What the deployment's overview shows of its telemetry. */
export async function getTelemetrySummary(
  ctx: RunsReadContext,
  ref: DeploymentRef,
  now: Date = new Date(),
): Promise<TelemetrySummary> {
  await authorizeRunsRead(ctx, ref);
  const { organizationId, deploymentId } = ref;
  const since = new Date(now.getTime() - DAY_MS);
  const [lastEvent, groups, failingDags] = await Promise.all([
    // Newest arrival: the ("deploymentId", seq) index, read backwards.
    ctx.db.lineageEvent.findFirst({
      where: { deploymentId, organizationId },
      orderBy: { seq: "desc" },
      select: { receivedAt: true },
    }),
    ctx.db.dagRun.groupBy({
      by: ["state"],
      where: { deploymentId, organizationId, lastEventTime: { gte: since } },
      _count: { _all: true },
    }),
    failingDagsOf(ctx.db, [deploymentId]),
  ]);
  return {
    lastEventReceivedAt: lastEvent?.receivedAt ?? null,
    since,
    runsByState: countByState(groups),
    failingDags: failingDags.map(({ lastEventTime: _key, ...dag }) => dag),
  };
}

/**
 * The deployment overview's run charts over a time range: runs by state per bucket (by latest
 * activity), finished runs' duration p50/p90 per DAG, and failures. Reads on the
 * ("deploymentId", "lastEventTime", "id") index; deployment.runs.read.
 */
export async function getRunsOverview(
  ctx: RunsReadContext,
  rawInput: GetRunsOverviewInput,
  now: Date = new Date(),
): Promise<RunsOverview> {
  const { organizationId, deploymentId, range } = await runsReadInput(ctx, getRunsOverviewInput, rawInput);
  const { hours, bucketMinutes } = RUNS_OVERVIEW_RANGE[range];
  const bucketMs = bucketMinutes * 60_000;
  // Buckets end on a bucket boundary after now, so a chart's buckets do not shift every second.
  const to = new Date(Math.floor(now.getTime() / bucketMs) * bucketMs + bucketMs);
  const from = new Date(to.getTime() - hours * 3_600_000);
  const bucketSeconds = bucketMs / 1000;
  const [groups, durations, [failedTries]] = await Promise.all([
    ctx.db.$queryRaw<Array<{ bucket: number; state: string; runs: number }>>`
      SELECT floor(extract(epoch FROM r."lastEventTime" - ${from}::timestamp(3)) / ${bucketSeconds})::int AS bucket,
             r."state", count(*)::int AS runs
      FROM "DagRun" r
      WHERE r."deploymentId" = ${deploymentId} AND r."organizationId" = ${organizationId}
        AND r."lastEventTime" >= ${from} AND r."lastEventTime" < ${to}
      GROUP BY 1, 2`,
    ctx.db.$queryRaw<Array<{ dagId: string; finishedRuns: number; p50: number; p90: number }>>`
      SELECT r."dagId", count(*)::int AS "finishedRuns",
             percentile_cont(0.5) WITHIN GROUP (ORDER BY r."durationMs") AS p50,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY r."durationMs") AS p90
      FROM "DagRun" r
      WHERE r."deploymentId" = ${deploymentId} AND r."organizationId" = ${organizationId}
        AND r."lastEventTime" >= ${from} AND r."lastEventTime" < ${to}
        AND r."state" IN ('SUCCESS', 'FAILED') AND r."durationMs" IS NOT NULL
      GROUP BY r."dagId"
      ORDER BY p90 DESC, r."dagId"
      LIMIT ${RUNS_OVERVIEW_MAX_DAGS}`,
    ctx.db.$queryRaw<Array<{ tries: number }>>`
      SELECT count(*)::int AS tries
      FROM "TaskInstanceTry" t
      JOIN "DagRun" r ON r."deploymentId" = t."deploymentId" AND r."runId" = t."dagRunId"
      WHERE r."deploymentId" = ${deploymentId} AND r."organizationId" = ${organizationId}
        AND r."lastEventTime" >= ${from} AND r."lastEventTime" < ${to}
        AND t."state" = 'FAILED'`,
  ]);
  const count = Math.round((hours * 60) / bucketMinutes);
  const buckets = Array.from({ length: count }, (_, index) => ({
    at: new Date(from.getTime() + index * bucketMs),
    groups: [] as Array<{ state: string; _count: { _all: number } }>,
  }));
  for (const group of groups) {
    buckets[group.bucket]?.groups.push({ state: group.state, _count: { _all: group.runs } });
  }
  const runsByState = buckets.map((bucket) => ({ at: bucket.at, runsByState: countByState(bucket.groups) }));
  return {
    range,
    from,
    to,
    bucketSeconds,
    buckets: runsByState,
    durations: durations.map((row) => ({
      dagId: row.dagId,
      finishedRuns: row.finishedRuns,
      p50Ms: Math.round(Number(row.p50)),
      p90Ms: Math.round(Number(row.p90)),
    })),
    failures: {
      failedRuns: runsByState.reduce((sum, bucket) => sum + bucket.runsByState.FAILED, 0),
      failedTaskTries: failedTries?.tries ?? 0,
    },
  };
}

/** One DAG: its runs in the window by state, its latest runs' durations, and its tasks. */
export async function getDagSummary(
  ctx: RunsReadContext,
  rawInput: GetDagSummaryInput,
  now: Date = new Date(),
): Promise<DagSummary> {
  const { organizationId, deploymentId, dagId, window } = await runsReadInput(
    ctx,
    getDagSummaryInput,
    rawInput,
  );
  const since = new Date(now.getTime() - DAG_WINDOW_DAYS[window] * DAY_MS);
  const [groups, latest] = await Promise.all([
    ctx.db.dagRun.groupBy({
      by: ["state"],
      where: { deploymentId, organizationId, dagId, lastEventTime: { gte: since } },
      _count: { _all: true },
    }),
    ctx.db.dagRun.findMany({
      where: { deploymentId, organizationId, dagId },
      orderBy: [{ lastEventTime: "desc" }, { id: "desc" }],
      take: DAG_RECENT_RUNS,
      select: {
        id: true,
        runId: true,
        airflowRunId: true,
        logicalDate: true,
        startedAt: true,
        lastEventTime: true,
        state: true,
        durationMs: true,
      },
    }),
  ]);
  if (latest.length === 0) throw new NotFoundError("DAG");
  const tries = await ctx.db.taskInstanceTry.findMany({
    where: { deploymentId, dagRunId: { in: latest.map((run) => run.runId) } },
    select: { dagRunId: true, taskId: true, tryNumber: true, state: true, durationMs: true },
  });
  // Runs newest first: the first run that has a task decides its latest state.
  const runOrder = new Map(latest.map((run, index) => [run.runId, index]));
  const tasks = new Map<
    string,
    { latestState: string; rank: [number, number]; tries: number; failed: number; durations: number[] }
  >();
  for (const attempt of tries) {
    const rank: [number, number] = [runOrder.get(attempt.dagRunId) ?? 0, -(attempt.tryNumber ?? 0)];
    const task = tasks.get(attempt.taskId) ?? {
      latestState: attempt.state,
      rank,
      tries: 0,
      failed: 0,
      durations: [],
    };
    if (rank[0] < task.rank[0] || (rank[0] === task.rank[0] && rank[1] < task.rank[1])) {
      task.latestState = attempt.state;
      task.rank = rank;
    }
    task.tries += 1;
    if (attempt.state === "FAILED") task.failed += 1;
    if (attempt.durationMs !== null) task.durations.push(attempt.durationMs);
    tasks.set(attempt.taskId, task);
  }
  return {
    dagId,
    window,
    since,
    runsByState: countByState(groups),
    recentRuns: latest
      .map(({ runId: _runId, state, ...run }) => ({ ...run, state: state as DagRunState }))
      .reverse(),
    tasks: [...tasks.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([taskId, task]) => ({
        taskId,
        latestState: task.latestState,
        tries: task.tries,
        failedTries: task.failed,
        meanDurationMs: task.durations.length
          ? Math.round(task.durations.reduce((sum, ms) => sum + ms, 0) / task.durations.length)
          : null,
      })),
  };
}

/**
 * The deployments of the organization whose runs the caller may read, as a WHERE condition:
 * those in workspaces where they hold any role (every workspace role reads runs), those they
 * administer, all of them for organization owners; a deployment token its own deployment.
 */
async function runsReadableDeployments(
  db: Db,
  actor: Actor,
  organizationId: string,
): Promise<Prisma.DeploymentWhereInput | null> {
  const base = { organizationId, deletedAt: null, status: { not: "DELETED" as const } };
  if (actor.type === "apiToken" && actor.scope === "DEPLOYMENT" && actor.deploymentId) {
    await authorize(db, actor, "deployment.runs.read", { organizationId, deploymentId: actor.deploymentId });
    return { ...base, id: actor.deploymentId };
  }
  await authorize(db, actor, "organization.failingDags.read", { organizationId });
  const workspaces = await readableWorkspaces(db, actor, organizationId);
  const held =
    actor.type === "user"
      ? [
          {
            roleBindings: {
              some: {
                OR: [{ userId: actor.userId }, { team: { members: { some: { userId: actor.userId } } } }],
              },
            },
          },
        ]
      : [];
  const readable = [...(workspaces ? [{ workspace: workspaces }] : []), ...held];
  if (readable.length === 0) return null;
  return { ...base, OR: readable };
}

/** DAGs whose latest run failed, across every deployment of the organization the caller can read. */
export async function listFailingDags(
  ctx: RunsReadContext,
  rawInput: ListFailingDagsInput,
): Promise<OrganizationFailingDags> {
  const input = validate(listFailingDagsInput, rawInput);
  const ks = keyset(input);
  const where = await runsReadableDeployments(ctx.db, ctx.actor, input.organizationId);
  if (where === null) return { deploymentsChecked: 0, failingDags: [], nextCursor: null };
  const deployments = await ctx.db.deployment.findMany({
    where,
    select: { id: true, name: true, workspaceId: true, workspace: { select: { name: true } } },
  });
  const byId = new Map(deployments.map((deployment) => [deployment.id, deployment]));
  const failing = await failingDagsOf(ctx.db, [...byId.keys()], {
    after: ks.after === null ? null : parseActivityKey(ks.after),
    take: ks.take,
  });
  const page = pageOfRows(failing, ks, (dag) => activityKey(dag.lastEventTime, dag.dagRunId));
  return {
    deploymentsChecked: deployments.length,
    nextCursor: page.nextCursor,
    failingDags: page.items.flatMap(({ lastEventTime: _key, ...dag }) => {
      const deployment = byId.get(dag.deploymentId);
      return deployment
        ? [
            {
              ...dag,
              deploymentName: deployment.name,
              workspaceId: deployment.workspaceId,
              workspaceName: deployment.workspace.name,
            },
          ]
        : [];
    }),
  };
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function datasets(value: unknown): DatasetRef[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const dataset = record(item);
    return typeof dataset?.namespace === "string" && typeof dataset.name === "string"
      ? [{ namespace: dataset.namespace, name: dataset.name }]
      : [];
  });
}

function uniqueDatasets(list: DatasetRef[]): DatasetRef[] {
  const seen = new Map(list.map((dataset) => [`${dataset.namespace}\u0000${dataset.name}`, dataset]));
  return [...seen.values()].sort((a, b) =>
    `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
  );
}

/**
 * What the run model does not keep but the run's raw events say: each task's operator (the
 * Airflow provider's `airflow` run facet) and the datasets its tasks read and wrote.
 */
export async function getDagRunLineage(
  ctx: RunsReadContext,
  input: GetDagRunLineageInput,
): Promise<DagRunLineage> {
  await authorizeRunsRead(ctx, input);
  const { organizationId, deploymentId, dagRunId } = input;
  const run = await ctx.db.dagRun.findFirst({
    where: { id: dagRunId, deploymentId, organizationId },
    select: { runId: true },
  });
  if (!run) throw new NotFoundError("DAG run");
  const tries = await ctx.db.taskInstanceTry.findMany({
    where: { deploymentId, dagRunId: run.runId, runId: { not: null } },
    select: { runId: true, taskId: true },
  });
  const taskOfRun = new Map(tries.map((attempt) => [attempt.runId as string, attempt.taskId]));
  const events = await ctx.db.lineageEvent.findMany({
    where: { deploymentId, organizationId, runId: { in: [run.runId, ...taskOfRun.keys()] } },
    select: { runId: true, payload: true },
  });
  const operators = new Map<string, string>();
  const inputs: DatasetRef[] = [];
  const outputs: DatasetRef[] = [];
  for (const event of events) {
    const payload = record(event.payload);
    inputs.push(...datasets(payload?.inputs));
    outputs.push(...datasets(payload?.outputs));
    const taskId = taskOfRun.get(event.runId);
    const task = record(record(record(record(payload?.run)?.facets)?.airflow)?.task);
    const operator = task?.operator_class ?? task?.task_type;
    if (taskId && typeof operator === "string") operators.set(taskId, operator);
  }
  return {
    operators: [...operators.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([taskId, operator]) => ({ taskId, operator })),
    inputs: uniqueDatasets(inputs),
    outputs: uniqueDatasets(outputs),
  };
}

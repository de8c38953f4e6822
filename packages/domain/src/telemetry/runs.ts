// Reading the run model: a deployment's DAG runs (newest activity first, keyset-paged) and one
// run with its task tries and data-quality results. deployment.runs.read: WORKSPACE_MEMBER and up.
import type { Prisma } from "@skyport/db";
import { authorize } from "../authz/authorize.ts";
import { NotFoundError, ValidationError } from "../shared/errors.ts";
import type { MutationContext } from "../shared/mutation.ts";
import { encodeCursor, keyset, type Page } from "../shared/pagination.ts";
import { validate } from "../shared/validate.ts";
import {
  type DagRunDetails,
  type DagRunState,
  type DagRunView,
  type GetDagRunInput,
  type ListDagRunsInput,
  listDagRunsInput,
  type TaskTryState,
} from "./telemetry.types.ts";

export type RunsReadContext = Pick<MutationContext, "db" | "actor">;

const dagRunSelect = {
  id: true,
  deploymentId: true,
  runId: true,
  dagId: true,
  airflowRunId: true,
  logicalDate: true,
  runType: true,
  state: true,
  startedAt: true,
  endedAt: true,
  durationMs: true,
  errorMessage: true,
  lastEventTime: true,
  taskCount: true,
  failedTaskCount: true,
} as const;

type DagRunRow = Prisma.DagRunGetPayload<{ select: typeof dagRunSelect }>;

function toView(row: DagRunRow): DagRunView {
  return { ...row, state: row.state as DagRunState };
}

/** The cursor key: the last row's activity time and id (newest first). */
function cursorKey(row: DagRunRow): string {
  return `${row.lastEventTime.toISOString()}|${row.id}`;
}

function parseKey(key: string): { time: Date; id: string } {
  const [time, id] = key.split("|");
  const parsed = new Date(time ?? "");
  if (!id || Number.isNaN(parsed.getTime())) {
    throw new ValidationError(
      "cursor",
      "is not a cursor this API returned (use nextCursor from the previous page)",
    );
  }
  return { time: parsed, id };
}

/** A page of the deployment's DAG runs, most recent activity first, filtered by DAG, state and time. */
export async function listDagRuns(
  ctx: RunsReadContext,
  rawInput: ListDagRunsInput,
): Promise<Page<DagRunView>> {
  // Callers outside a contract (server components, tests) send dates as strings: parse here too.
  const input = validate(listDagRunsInput, rawInput);
  const { organizationId, deploymentId } = input;
  await authorize(ctx.db, ctx.actor, "deployment.runs.read", { organizationId, deploymentId });
  const ks = keyset(input);
  const where: Prisma.DagRunWhereInput = { deploymentId, organizationId };
  if (input.dagId) where.dagId = input.dagId;
  if (input.state) where.state = input.state;
  if (input.from || input.to) {
    where.lastEventTime = {
      ...(input.from ? { gte: input.from } : {}),
      ...(input.to ? { lt: input.to } : {}),
    };
  }
  if (ks.after !== null) {
    const after = parseKey(ks.after);
    where.OR = [{ lastEventTime: { lt: after.time } }, { lastEventTime: after.time, id: { lt: after.id } }];
  }
  const rows = await ctx.db.dagRun.findMany({
    where,
    orderBy: [{ lastEventTime: "desc" }, { id: "desc" }],
    take: ks.take,
    select: dagRunSelect,
  });
  const items = rows.slice(0, ks.limit);
  const last = items.at(-1);
  return {
    items: items.map(toView),
    nextCursor: rows.length > ks.limit && last ? encodeCursor(cursorKey(last)) : null,
  };
}

/** One DAG run with every task try (ordered by start, then task and try) and its data-quality results. */
export async function getDagRun(ctx: RunsReadContext, input: GetDagRunInput): Promise<DagRunDetails> {
  const { organizationId, deploymentId, dagRunId } = input;
  await authorize(ctx.db, ctx.actor, "deployment.runs.read", { organizationId, deploymentId });
  const row = await ctx.db.dagRun.findFirst({
    where: { id: dagRunId, deploymentId, organizationId },
    select: dagRunSelect,
  });
  if (!row) throw new NotFoundError("DAG run");
  const tasks = await ctx.db.taskInstanceTry.findMany({
    where: { deploymentId, dagRunId: row.runId },
    orderBy: [
      { startedAt: { sort: "asc", nulls: "last" } },
      { taskId: "asc" },
      { tryNumber: "asc" },
      { key: "asc" },
    ],
    select: {
      id: true,
      runId: true,
      taskId: true,
      tryNumber: true,
      mapIndex: true,
      state: true,
      source: true,
      startedAt: true,
      endedAt: true,
      durationMs: true,
      queue: true,
      pool: true,
      errorMessage: true,
      stackTrace: true,
    },
  });
  const runIds = [row.runId, ...tasks.flatMap((task) => (task.runId ? [task.runId] : []))];
  const dataQuality = await ctx.db.dataQualityResult.findMany({
    where: { deploymentId, runId: { in: runIds } },
    orderBy: [{ datasetNamespace: "asc" }, { datasetName: "asc" }, { id: "asc" }],
    select: {
      runId: true,
      source: true,
      datasetNamespace: true,
      datasetName: true,
      assertion: true,
      name: true,
      column: true,
      success: true,
      severity: true,
      expected: true,
      actual: true,
    },
  });
  return {
    ...toView(row),
    tasks: tasks.map((task) => ({
      ...task,
      state: task.state as TaskTryState,
      source: task.source as "events" | "dag-state",
    })),
    dataQuality,
  };
}

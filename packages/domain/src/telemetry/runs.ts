// Reading the run model: a deployment's DAG runs (newest activity first, keyset-paged) and one
// run with its task tries and data-quality results. deployment.runs.read: WORKSPACE_MEMBER and up.
import type { Prisma } from "@skyport/db";
import type { z } from "zod";
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

/** The cursor key of a page of runs ordered by latest activity (newest first): the last run's time and id. */
export function activityKey(lastEventTime: Date, id: string): string {
  return `${lastEventTime.toISOString()}|${id}`;
}

/** The position an activity cursor key names; anything this API did not hand out is refused. */
export function parseActivityKey(key: string): { lastEventTime: Date; id: string } {
  const [time, id] = key.split("|");
  const lastEventTime = new Date(time ?? "");
  if (!id || Number.isNaN(lastEventTime.getTime())) {
    throw new ValidationError(
      "cursor",
      "is not a cursor this API returned (use nextCursor from the previous page)",
    );
  }
  return { lastEventTime, id };
}

/** Checks the caller may read the deployment's runs (deployment.runs.read). */
export async function authorizeRunsRead(
  ctx: RunsReadContext,
  { organizationId, deploymentId }: { organizationId: string; deploymentId: string },
): Promise<void> {
  await authorize(ctx.db, ctx.actor, "deployment.runs.read", { organizationId, deploymentId });
}

/**
 * Validates a runs read's input (callers outside a contract, such as server components and
 * tests, send dates as strings), then checks the caller may read the deployment's runs.
 */
export async function runsReadInput<S extends z.ZodType<{ organizationId: string; deploymentId: string }>>(
  ctx: RunsReadContext,
  schema: S,
  rawInput: unknown,
): Promise<z.output<S>> {
  const input = validate(schema, rawInput);
  await authorizeRunsRead(ctx, input);
  return input;
}

/** A page of the deployment's DAG runs, most recent activity first, filtered by DAG, state and time. */
export async function listDagRuns(
  ctx: RunsReadContext,
  rawInput: ListDagRunsInput,
): Promise<Page<DagRunView>> {
  const input = await runsReadInput(ctx, listDagRunsInput, rawInput);
  const { organizationId, deploymentId } = input;
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
    const after = parseActivityKey(ks.after);
    where.OR = [
      { lastEventTime: { lt: after.lastEventTime } },
      { lastEventTime: after.lastEventTime, id: { lt: after.id } },
    ];
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
    nextCursor:
      rows.length > ks.limit && last ? encodeCursor(activityKey(last.lastEventTime, last.id)) : null,
  };
}

/** One DAG run with every task try (ordered by start, then task and try) and its data-quality results. */
export async function getDagRun(ctx: RunsReadContext, input: GetDagRunInput): Promise<DagRunDetails> {
  await authorizeRunsRead(ctx, input);
  const { organizationId, deploymentId, dagRunId } = input;
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

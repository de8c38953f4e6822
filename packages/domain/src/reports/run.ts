// Running a report: read the telemetry facts of each check, evaluate (evaluate.ts), keep the
// evaluation as a report run with its per-check results, and create the deliveries (e-mail to
// confirmed subscribers, Slack summaries) when the send mode says so. The clock is passed in.
import type { PrismaClient } from "@skyport/db";
import { isUniqueViolation } from "../shared/prisma-errors.ts";
import {
  type CheckFacts,
  type CheckRunFact,
  type CheckToEvaluate,
  deadlineWindow,
  evaluateReport,
} from "./evaluate.ts";
import { type ReportRow, reportSelect, runSelect, toRunView } from "./reports.ts";
import type { CheckStatus, ReportRunView } from "./reports.types.ts";
import { latestRunAtOrBefore, nextRuns } from "./schedule.ts";

const FINISHED = { notIn: ["RUNNING", "UNKNOWN"] };
/** What a TASK check reads of a task try. */
const TASK_TRY_SELECT = {
  runId: true,
  dagRunId: true,
  state: true,
  startedAt: true,
  endedAt: true,
  errorMessage: true,
} as const;

type Check = ReportRow["checks"][number];

/** The telemetry facts one check needs, read from the run model of its deployment. */
export async function loadCheckFacts(
  db: PrismaClient,
  organizationId: string,
  check: Check,
  timeZone: string,
  now: Date,
): Promise<CheckFacts> {
  const scope = { organizationId, deploymentId: check.deploymentId };
  const until = { lte: now };
  switch (check.kind) {
    case "TASK":
    case "DAG": {
      const where = { ...scope, dagId: check.dagId ?? "" };
      const latest: CheckRunFact | null =
        check.kind === "TASK"
          ? await db.taskInstanceTry
              .findFirst({
                where: { ...where, taskId: check.taskId ?? "", state: FINISHED, endedAt: until },
                orderBy: [{ endedAt: "desc" }, { id: "desc" }],
                select: TASK_TRY_SELECT,
              })
              .then((row) => (row ? { ...row, runId: row.runId ?? row.dagRunId } : null))
          : await db.dagRun.findFirst({
              where: { ...where, state: FINISHED, endedAt: until },
              orderBy: [{ endedAt: "desc" }, { id: "desc" }],
              select: { runId: true, state: true, startedAt: true, endedAt: true, errorMessage: true },
            });
      const running =
        check.kind === "TASK"
          ? (await db.taskInstanceTry.count({
              where: { ...where, taskId: check.taskId ?? "", state: "RUNNING" },
            })) > 0
          : (await db.dagRun.count({ where: { ...where, state: "RUNNING" } })) > 0;
      return { latest, running, dayRuns: [], assertions: [], olderResultAt: null };
    }
    case "ASSERTION": {
      const since = new Date(now.getTime() - (check.freshnessMinutes ?? 1440) * 60_000);
      const where = {
        ...scope,
        datasetNamespace: check.datasetNamespace,
        datasetName: check.datasetName,
        ...(check.assertion ? { assertion: check.assertion } : {}),
        ...(check.column ? { column: check.column } : {}),
      };
      const assertions = await db.dataQualityResult.findMany({
        where: { ...where, eventTime: { gte: since, lte: now } },
        orderBy: [{ eventTime: "desc" }, { id: "desc" }],
        take: 500,
        select: {
          runId: true,
          assertion: true,
          column: true,
          success: true,
          severity: true,
          expected: true,
          actual: true,
          eventTime: true,
        },
      });
      const older =
        assertions.length === 0
          ? await db.dataQualityResult.findFirst({
              where: { ...where, eventTime: { lt: since } },
              orderBy: { eventTime: "desc" },
              select: { eventTime: true },
            })
          : null;
      return {
        latest: null,
        running: false,
        dayRuns: [],
        assertions,
        olderResultAt: older?.eventTime ?? null,
      };
    }
    case "TIMELINESS": {
      const window = deadlineWindow(check.deadline ?? "00:00", timeZone, now);
      const ended = { gte: window.dayStart, lt: window.dayEnd, lte: now };
      const where = { ...scope, dagId: check.dagId ?? "", state: FINISHED, endedAt: ended };
      const dayRuns: CheckRunFact[] = check.taskId
        ? (
            await db.taskInstanceTry.findMany({
              where: { ...where, taskId: check.taskId },
              orderBy: { endedAt: "asc" },
              take: 200,
              select: TASK_TRY_SELECT,
            })
          ).map(({ dagRunId, ...row }) => ({ ...row, runId: row.runId ?? dagRunId }))
        : await db.dagRun.findMany({
            where,
            orderBy: { endedAt: "asc" },
            take: 200,
            select: { runId: true, state: true, startedAt: true, endedAt: true, errorMessage: true },
          });
      return { latest: null, running: false, dayRuns, assertions: [], olderResultAt: null };
    }
    default:
      return { latest: null, running: false, dayRuns: [], assertions: [], olderResultAt: null };
  }
}

export interface ReportRunRequest {
  reportId: string;
  trigger: "SCHEDULE" | "MANUAL";
  /** SCHEDULE: the cron time this run is for (one run per report and time). */
  scheduledFor?: Date | null;
  now: Date;
}

export interface ReportRunOutcome {
  run: ReportRunView;
  /** Deliveries created for this run (to enqueue). */
  deliveryIds: string[];
}

/**
 * Evaluates one report now and records the run; null if the report is gone or this scheduled
 * time already has its run (a repeated tick).
 */
export async function executeReportRun(
  db: PrismaClient,
  request: ReportRunRequest,
): Promise<ReportRunOutcome | null> {
  const report = await db.report.findUnique({ where: { id: request.reportId }, select: reportSelect });
  if (!report) return null;
  const facts = new Map<number, CheckFacts>();
  for (const check of report.checks) {
    facts.set(
      check.position,
      await loadCheckFacts(db, report.organizationId, check, report.timeZone, request.now),
    );
  }
  const evaluation = evaluateReport(
    { timeZone: report.timeZone, checks: report.checks as CheckToEvaluate[] },
    (check) => facts.get(check.position) as CheckFacts,
    request.now,
  );
  const previousStatus = (report.lastStatus as CheckStatus | null) ?? null;
  const notify = report.sendMode === "ALWAYS" || previousStatus !== evaluation.status;
  try {
    return await db.$transaction(async (tx) => {
      const run = await tx.reportRun.create({
        data: {
          organizationId: report.organizationId,
          reportId: report.id,
          trigger: request.trigger,
          scheduledFor: request.trigger === "SCHEDULE" ? (request.scheduledFor ?? request.now) : null,
          evaluatedAt: request.now,
          status: evaluation.status,
          previousStatus,
          notified: notify,
          results: {
            create: evaluation.results.map((result) => ({
              position: result.position,
              kind: result.kind,
              label: result.label,
              status: result.status,
              summary: result.summary,
              evidence: result.evidence as object,
            })),
          },
        },
        select: runSelect,
      });
      await tx.report.update({
        where: { id: report.id },
        data: {
          lastStatus: evaluation.status,
          lastRunAt: request.now,
          ...(request.trigger === "SCHEDULE"
            ? { nextRunAt: nextRuns(report.cron, report.timeZone, request.now)[0] ?? null }
            : {}),
        },
      });
      const deliveryIds: string[] = [];
      if (notify) {
        const subscribers = await tx.reportSubscriber.findMany({
          where: { reportId: report.id, status: "CONFIRMED" },
          orderBy: { email: "asc" },
          select: { id: true },
        });
        for (const subscriber of subscribers) {
          const delivery = await tx.reportDelivery.create({
            data: {
              organizationId: report.organizationId,
              runId: run.id,
              kind: "EMAIL",
              subscriberId: subscriber.id,
            },
            select: { id: true },
          });
          deliveryIds.push(delivery.id);
        }
        for (const channelId of report.channelIds) {
          const delivery = await tx.reportDelivery.create({
            data: { organizationId: report.organizationId, runId: run.id, kind: "SLACK", channelId },
            select: { id: true },
          });
          deliveryIds.push(delivery.id);
        }
      }
      return { run: toRunView(run), deliveryIds };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** Reports whose next run is due at `now`, with the cron time each one owes. */
export async function dueReports(
  db: PrismaClient,
  now: Date,
): Promise<Array<{ reportId: string; scheduledFor: Date }>> {
  const rows = await db.report.findMany({
    where: { nextRunAt: { lte: now } },
    orderBy: { nextRunAt: "asc" },
    take: 500,
    select: { id: true, cron: true, timeZone: true, nextRunAt: true },
  });
  // A tick that comes late runs the latest owed time once, not every missed one.
  return rows.map((row) => ({
    reportId: row.id,
    scheduledFor: latestRunAtOrBefore(row.cron, row.timeZone, now) ?? (row.nextRunAt as Date),
  }));
}

// Status reports: CRUD, each one audited change (WORKSPACE_AUTHOR and above manage, members
// read), and the reads of runs. A report lives in a workspace; each check names one of the
// workspace's deployments, verified when the report is written.

import type { Prisma, TransactionClient } from "@skyport/db";
import { checkUsableChannels } from "../alerts/channels.ts";
import type { Db } from "../authz/authorize.ts";
import { liveWorkspaceDeploymentIds } from "../deployments/workspace-deployments.ts";
import { ConflictError, ValidationError } from "../shared/errors.ts";
import {
  authorizeRead,
  type MutationContext,
  type MutationOutcome,
  type MutationPermission,
  mutate,
  viewOutcome,
} from "../shared/mutation.ts";
import { mapPage, type Page, readPage } from "../shared/pagination.ts";
import { conflictOnUnique, deleteInOrganization, findInOrganization } from "../shared/prisma-errors.ts";
import type {
  CheckInput,
  CheckStatus,
  CreateReportInput,
  ListReportRunsInput,
  ListReportsInput,
  ReportRefInput,
  ReportRunView,
  ReportView,
  UpdateReportInput,
} from "./reports.types.ts";
import { cronOf, nextRuns } from "./schedule.ts";

export type ReportReadContext = Pick<MutationContext, "db" | "actor">;

export function reportPermission(
  report: { organizationId: string; workspaceId: string },
  mode: "read" | "manage",
): MutationPermission {
  return {
    permission: mode === "read" ? "report.workspace.read" : "report.workspace.manage",
    resource: { organizationId: report.organizationId, workspaceId: report.workspaceId },
  };
}

export const reportSelect = {
  id: true,
  organizationId: true,
  workspaceId: true,
  title: true,
  description: true,
  ownerUserId: true,
  cron: true,
  timeZone: true,
  sendMode: true,
  requireSignIn: true,
  showErrorDetails: true,
  channelIds: true,
  statusTokenHash: true,
  lastStatus: true,
  lastRunAt: true,
  nextRunAt: true,
  createdAt: true,
  updatedAt: true,
  checks: { orderBy: { position: "asc" } },
} as const satisfies Prisma.ReportSelect;
export type ReportRow = Prisma.ReportGetPayload<{ select: typeof reportSelect }>;

export function toReportView(row: ReportRow): ReportView {
  const { statusTokenHash, checks, ...rest } = row;
  return {
    ...rest,
    sendMode: row.sendMode as ReportView["sendMode"],
    lastStatus: row.lastStatus as CheckStatus | null,
    statusPageEnabled: statusTokenHash !== null,
    checks: checks.map(({ reportId: _reportId, ...check }) => ({
      ...check,
      kind: check.kind as ReportView["checks"][number]["kind"],
    })),
  };
}

function reportTargets(report: { id: string; title: string }) {
  return [{ type: "report", id: report.id, label: report.title }];
}

function reportMetadata(view: ReportView): Record<string, unknown> {
  return {
    cron: view.cron,
    timeZone: view.timeZone,
    sendMode: view.sendMode,
    requireSignIn: view.requireSignIn,
    showErrorDetails: view.showErrorDetails,
    channelIds: view.channelIds,
    checks: view.checks.map((check) => ({
      kind: check.kind,
      label: check.label,
      deploymentId: check.deploymentId,
    })),
  };
}

/** The outcome of creating or changing a report: its view, audited with its settings. */
function savedReport(action: "report.create" | "report.update", row: ReportRow): MutationOutcome<ReportView> {
  const view = toReportView(row);
  return viewOutcome(view, action, reportTargets(view), reportMetadata(view));
}

function titleTaken(title: string) {
  return new ConflictError(`a report titled "${title}" already exists in this workspace`, "title");
}

function defaultLabel(check: CheckInput): string {
  switch (check.kind) {
    case "TASK":
      return `${check.dagId}.${check.taskId}`;
    case "DAG":
      return check.dagId;
    case "ASSERTION":
      return `${check.datasetName}${check.assertion ? ` ${check.assertion}` : ""}${check.column ? ` (${check.column})` : ""}`;
    case "TIMELINESS":
      return `${check.taskId ? `${check.dagId}.${check.taskId}` : check.dagId} by ${check.deadline}`;
    default: {
      const exhaustive: never = check;
      return exhaustive;
    }
  }
}

/** Rows for the checks, each deployment verified to be the workspace's own. */
async function checkRows(
  tx: TransactionClient,
  report: { organizationId: string; workspaceId: string },
  checks: readonly CheckInput[],
) {
  const known = await liveWorkspaceDeploymentIds(
    tx,
    report,
    checks.map((check) => check.deploymentId),
  );
  return checks.map((check, position) => {
    if (!known.has(check.deploymentId)) {
      throw new ValidationError(`checks.${position}.deploymentId`, "is not a deployment of this workspace");
    }
    return {
      position,
      kind: check.kind,
      label: check.label ?? defaultLabel(check),
      deploymentId: check.deploymentId,
      dagId: "dagId" in check ? check.dagId : null,
      taskId: "taskId" in check ? (check.taskId ?? null) : null,
      datasetNamespace: check.kind === "ASSERTION" ? check.datasetNamespace : null,
      datasetName: check.kind === "ASSERTION" ? check.datasetName : null,
      assertion: check.kind === "ASSERTION" ? (check.assertion ?? null) : null,
      column: check.kind === "ASSERTION" ? (check.column ?? null) : null,
      freshnessMinutes: "freshnessMinutes" in check ? check.freshnessMinutes : null,
      deadline: check.kind === "TIMELINESS" ? check.deadline : null,
    };
  });
}

export async function createReport(
  ctx: MutationContext,
  input: CreateReportInput,
  now = new Date(),
): Promise<ReportView> {
  return mutate(ctx, reportPermission(input, "manage"), async (tx) => {
    const cron = cronOf(input.schedule);
    const checks = await checkRows(tx, input, input.checks);
    await checkUsableChannels(tx, input, input.workspaceId, input.channelIds);
    const row = await conflictOnUnique(
      tx.report.create({
        data: {
          organizationId: input.organizationId,
          workspaceId: input.workspaceId,
          title: input.title,
          description: input.description ?? "",
          ownerUserId: ctx.actor.type === "user" ? ctx.actor.userId : null,
          cron,
          timeZone: input.timeZone,
          sendMode: input.sendMode,
          requireSignIn: input.requireSignIn,
          showErrorDetails: input.showErrorDetails,
          channelIds: [...new Set(input.channelIds)],
          nextRunAt: nextRuns(cron, input.timeZone, now)[0] ?? null,
          checks: { create: checks },
        },
        select: reportSelect,
      }),
      () => titleTaken(input.title),
    );
    return savedReport("report.create", row);
  });
}

export function findReport(db: Db, input: ReportRefInput): Promise<ReportRow> {
  return findInOrganization("report", input.reportId, input, (where) =>
    db.report.findFirst({ where, select: reportSelect }),
  );
}

export async function getReport(ctx: ReportReadContext, input: ReportRefInput): Promise<ReportView> {
  const row = await findReport(ctx.db, input);
  await authorizeRead(ctx, reportPermission(row, "read"));
  return toReportView(row);
}

export async function listReports(
  ctx: ReportReadContext,
  input: ListReportsInput,
): Promise<Page<ReportView>> {
  await authorizeRead(ctx, reportPermission(input, "read"));
  const where = { organizationId: input.organizationId, workspaceId: input.workspaceId };
  const page = await readPage(
    input,
    (args) => ctx.db.report.findMany({ ...args, where: { AND: [where, args.where] }, select: reportSelect }),
    (row) => row.id,
  );
  return mapPage(page, toReportView);
}

export async function updateReport(
  ctx: MutationContext,
  input: UpdateReportInput,
  now = new Date(),
): Promise<ReportView> {
  const before = await findReport(ctx.db, input);
  return mutate(ctx, reportPermission(before, "manage"), async (tx) => {
    const cron = input.schedule ? cronOf(input.schedule) : before.cron;
    const timeZone = input.timeZone ?? before.timeZone;
    if (input.checks !== undefined) {
      const rows = await checkRows(tx, before, input.checks);
      await tx.reportCheck.deleteMany({ where: { reportId: before.id } });
      await tx.reportCheck.createMany({ data: rows.map((row) => ({ ...row, reportId: before.id })) });
    }
    if (input.channelIds !== undefined) {
      await checkUsableChannels(tx, before, before.workspaceId, input.channelIds);
    }
    const rescheduled = cron !== before.cron || timeZone !== before.timeZone;
    const row = await conflictOnUnique(
      tx.report.update({
        where: { id: before.id },
        data: {
          title: input.title,
          description: input.description,
          cron,
          timeZone,
          sendMode: input.sendMode,
          requireSignIn: input.requireSignIn,
          showErrorDetails: input.showErrorDetails,
          channelIds: input.channelIds ? [...new Set(input.channelIds)] : undefined,
          ...(rescheduled ? { nextRunAt: nextRuns(cron, timeZone, now)[0] ?? null } : {}),
        },
        select: reportSelect,
      }),
      () => titleTaken(input.title ?? before.title),
    );
    return savedReport("report.update", row);
  });
}

export async function deleteReport(ctx: MutationContext, input: ReportRefInput): Promise<ReportView> {
  const before = await findReport(ctx.db, input);
  return mutate(ctx, reportPermission(before, "manage"), async (tx) => {
    await deleteInOrganization("report", before.id, input, (where) => tx.report.deleteMany({ where }));
    const view = toReportView(before);
    return viewOutcome(view, "report.delete", reportTargets(view), { title: view.title });
  });
}

export const runSelect = {
  id: true,
  reportId: true,
  trigger: true,
  scheduledFor: true,
  evaluatedAt: true,
  status: true,
  previousStatus: true,
  notified: true,
  results: {
    orderBy: { position: "asc" },
    select: { position: true, kind: true, label: true, status: true, summary: true, evidence: true },
  },
} as const satisfies Prisma.ReportRunSelect;
type RunRow = Prisma.ReportRunGetPayload<{ select: typeof runSelect }>;

export function toRunView(row: RunRow): ReportRunView {
  return {
    ...row,
    trigger: row.trigger as ReportRunView["trigger"],
    status: row.status as CheckStatus,
    previousStatus: row.previousStatus as CheckStatus | null,
    results: row.results.map((result) => ({
      ...result,
      kind: result.kind as ReportRunView["results"][number]["kind"],
      status: result.status as CheckStatus,
      evidence: result.evidence as Record<string, unknown>,
    })),
  };
}

/** A report's runs in the order they were made (history). */
export async function listReportRuns(
  ctx: ReportReadContext,
  input: ListReportRunsInput,
): Promise<Page<ReportRunView>> {
  const report = await findReport(ctx.db, input);
  await authorizeRead(ctx, reportPermission(report, "read"));
  const page = await readPage(
    input,
    (args) =>
      ctx.db.reportRun.findMany({
        ...args,
        where: { AND: [{ reportId: report.id }, args.where] },
        select: runSelect,
      }),
    (row) => row.id,
  );
  return mapPage(page, toRunView);
}

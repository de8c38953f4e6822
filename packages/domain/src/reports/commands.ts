// Report operations that queue work after their change commits: "run now" and adding a
// subscriber (an outside address gets its confirmation e-mail). Both audited.
import { type JobProducer, jobs } from "@skyport/queue";
import { authorizeRead, type MutationContext, mutate } from "../shared/mutation.ts";
import { validate } from "../shared/validate.ts";
import { findReport, type ReportReadContext, reportPermission } from "./reports.ts";
import {
  type AddSubscriberInput,
  previewScheduleInput,
  type ReportRefInput,
  type SubscriberView,
} from "./reports.types.ts";
import { cronOf, nextRuns } from "./schedule.ts";
import { addReportSubscriber } from "./subscribers.ts";

type Producer = Pick<JobProducer, "enqueue">;

/** Queues an evaluation of the report now ("run now"); the worker records the run and sends it. */
export async function requestReportRun(
  ctx: MutationContext,
  input: ReportRefInput,
  producer: Producer,
  now = new Date(),
): Promise<{ queued: boolean; requestedAt: Date }> {
  const report = await findReport(ctx.db, input);
  await mutate(ctx, reportPermission(report, "manage"), async () => ({
    result: null,
    audit: { action: "report.run", targets: [{ type: "report", id: report.id, label: report.title }] },
  }));
  await producer.enqueue(jobs.reportRun, { reportId: report.id, requestedAt: now.getTime() });
  return { queued: true, requestedAt: now };
}

/** Adds a subscriber; an outside address is sent the signed confirm link (nothing before it confirms). */
export async function subscribeToReport(
  ctx: MutationContext,
  input: AddSubscriberInput,
  producer: Producer,
): Promise<SubscriberView> {
  const { subscriber, confirmation } = await addReportSubscriber(ctx, input);
  if (confirmation) await producer.enqueue(jobs.reportSubscriberConfirmation, confirmation);
  return subscriber;
}

/** The cron a schedule stands for and its next runs in the zone (the editor's preview). */
export function previewSchedule(raw: unknown, now = new Date()) {
  const input = validate(previewScheduleInput, raw);
  const cron = cronOf(input.schedule);
  return { cron, timeZone: input.timeZone, nextRuns: nextRuns(cron, input.timeZone, now, input.count) };
}

/** DAGs, tasks and datasets telemetry has seen in the workspace's deployments (check pickers). */
export async function reportCheckOptions(
  ctx: ReportReadContext,
  input: { organizationId: string; workspaceId: string },
) {
  await authorizeRead(ctx, reportPermission(input, "read"));
  const deployments = await ctx.db.deployment.findMany({
    where: { organizationId: input.organizationId, workspaceId: input.workspaceId, deletedAt: null },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  const ids = deployments.map((deployment) => deployment.id);
  const scope = { organizationId: input.organizationId, deploymentId: { in: ids } };
  const [dags, tasks, datasets] = await Promise.all([
    ctx.db.dagRun.findMany({
      where: scope,
      distinct: ["deploymentId", "dagId"],
      select: { deploymentId: true, dagId: true },
      orderBy: [{ deploymentId: "asc" }, { dagId: "asc" }],
      take: 1000,
    }),
    ctx.db.taskInstanceTry.findMany({
      where: scope,
      distinct: ["deploymentId", "dagId", "taskId"],
      select: { deploymentId: true, dagId: true, taskId: true },
      orderBy: [{ deploymentId: "asc" }, { dagId: "asc" }, { taskId: "asc" }],
      take: 2000,
    }),
    ctx.db.dataQualityResult.findMany({
      where: { ...scope, datasetName: { not: null } },
      distinct: ["deploymentId", "datasetNamespace", "datasetName", "assertion"],
      select: { deploymentId: true, datasetNamespace: true, datasetName: true, assertion: true },
      orderBy: [{ deploymentId: "asc" }, { datasetName: "asc" }],
      take: 2000,
    }),
  ]);
  return {
    deployments,
    dags,
    tasks,
    datasets: datasets.map((row) => ({
      deploymentId: row.deploymentId,
      namespace: row.datasetNamespace ?? "",
      name: row.datasetName ?? "",
      assertion: row.assertion,
    })),
  };
}

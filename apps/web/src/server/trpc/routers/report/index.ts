// Status reports: thin procedures over the domain (WORKSPACE_AUTHOR and above manage, members
// read). Status page links are derived from SKYPORT_SECRET; "run now" and outside subscribers'
// confirmations are queued for the worker.
import {
  addSubscriberInput,
  checkOptionsInput,
  checkOptionsSchema,
  createReport,
  createReportInput,
  deleteReport,
  getReport,
  issueStatusLink,
  listReportRuns,
  listReportRunsInput,
  listReportSubscribers,
  listReports,
  listReportsInput,
  listSubscribersInput,
  pageSchema,
  previewSchedule,
  previewScheduleInput,
  removeReportSubscriber,
  reportCheckOptions,
  reportRefInput,
  reportRunRequestSchema,
  reportRunSchema,
  reportSchema,
  requestReportRun,
  revokedSchema,
  revokeStatusLink,
  schedulePreviewSchema,
  statusLinkSchema,
  subscriberRefInput,
  subscriberSchema,
  subscribeToReport,
  updateReport,
  updateReportInput,
} from "@skyport/domain";
import { z } from "zod";
import { outputView, protectedProcedure, router } from "../../init.ts";

const read = protectedProcedure.meta({ permission: "report.workspace.read" });
const manage = protectedProcedure.meta({ permission: "report.workspace.manage" });

function publicUrlOf(config: { SKYPORT_PUBLIC_URL?: string; PORT: number }) {
  return config.SKYPORT_PUBLIC_URL ?? `http://localhost:${config.PORT}`;
}

export const reportRouter = router({
  list: read
    .input(listReportsInput)
    .output(outputView(pageSchema(reportSchema)))
    .query(({ ctx, input }) => listReports(ctx.domain, input)),
  get: read
    .input(reportRefInput)
    .output(outputView(reportSchema))
    .query(({ ctx, input }) => getReport(ctx.domain, input)),
  create: manage
    .input(createReportInput)
    .output(outputView(reportSchema))
    .mutation(({ ctx, input }) => createReport(ctx.domain, input)),
  update: manage
    .input(updateReportInput)
    .output(outputView(reportSchema))
    .mutation(({ ctx, input }) => updateReport(ctx.domain, input)),
  delete: manage
    .input(reportRefInput)
    .output(outputView(reportSchema))
    .mutation(({ ctx, input }) => deleteReport(ctx.domain, input)),
  run: manage
    .input(reportRefInput)
    .output(outputView(reportRunRequestSchema))
    .mutation(({ ctx, input }) => requestReportRun(ctx.domain, input, ctx.services.jobs)),
  runs: read
    .input(listReportRunsInput)
    .output(outputView(pageSchema(reportRunSchema)))
    .query(({ ctx, input }) => listReportRuns(ctx.domain, input)),
  subscribers: read
    .input(listSubscribersInput)
    .output(outputView(z.array(subscriberSchema)))
    .query(({ ctx, input }) => listReportSubscribers(ctx.domain, input)),
  subscribe: manage
    .input(addSubscriberInput)
    .output(outputView(subscriberSchema))
    .mutation(({ ctx, input }) => subscribeToReport(ctx.domain, input, ctx.services.jobs)),
  unsubscribe: manage
    .input(subscriberRefInput)
    .output(outputView(subscriberSchema))
    .mutation(({ ctx, input }) => removeReportSubscriber(ctx.domain, input)),
  issueStatusLink: manage
    .input(reportRefInput)
    .output(outputView(statusLinkSchema))
    .mutation(({ ctx, input }) =>
      issueStatusLink(
        ctx.domain,
        input,
        ctx.services.config.SKYPORT_SECRET,
        publicUrlOf(ctx.services.config),
      ),
    ),
  revokeStatusLink: manage
    .input(reportRefInput)
    .output(outputView(revokedSchema))
    .mutation(({ ctx, input }) => revokeStatusLink(ctx.domain, input)),
  checkOptions: read
    .input(checkOptionsInput)
    .output(outputView(checkOptionsSchema))
    .query(({ ctx, input }) => reportCheckOptions(ctx.domain, input)),
  previewSchedule: protectedProcedure
    .meta({ permission: "authenticated" })
    .input(previewScheduleInput)
    .output(outputView(schedulePreviewSchema))
    .query(({ input }) => previewSchedule(input)),
});

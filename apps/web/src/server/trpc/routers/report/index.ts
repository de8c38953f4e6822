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
import { domainMutation, domainQuery, outputView, protectedProcedure, router } from "../../init.ts";

const READ = "report.workspace.read";
const MANAGE = "report.workspace.manage";
const manage = protectedProcedure.meta({ permission: MANAGE });

function publicUrlOf(config: { SKYPORT_PUBLIC_URL?: string; PORT: number }) {
  return config.SKYPORT_PUBLIC_URL ?? `http://localhost:${config.PORT}`;
}

export const reportRouter = router({
  list: domainQuery(READ, listReportsInput, pageSchema(reportSchema), listReports),
  get: domainQuery(READ, reportRefInput, reportSchema, getReport),
  create: domainMutation(MANAGE, createReportInput, reportSchema, createReport),
  update: domainMutation(MANAGE, updateReportInput, reportSchema, updateReport),
  delete: domainMutation(MANAGE, reportRefInput, reportSchema, deleteReport),
  run: manage
    .input(reportRefInput)
    .output(outputView(reportRunRequestSchema))
    .mutation(({ ctx, input }) => requestReportRun(ctx.domain, input, ctx.services.jobs)),
  runs: domainQuery(READ, listReportRunsInput, pageSchema(reportRunSchema), listReportRuns),
  subscribers: domainQuery(READ, listSubscribersInput, z.array(subscriberSchema), listReportSubscribers),
  subscribe: manage
    .input(addSubscriberInput)
    .output(outputView(subscriberSchema))
    .mutation(({ ctx, input }) => subscribeToReport(ctx.domain, input, ctx.services.jobs)),
  unsubscribe: domainMutation(MANAGE, subscriberRefInput, subscriberSchema, removeReportSubscriber),
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
  revokeStatusLink: domainMutation(MANAGE, reportRefInput, revokedSchema, revokeStatusLink),
  checkOptions: domainQuery(READ, checkOptionsInput, checkOptionsSchema, reportCheckOptions),
  previewSchedule: protectedProcedure
    .meta({ permission: "authenticated" })
    .input(previewScheduleInput)
    .output(outputView(schedulePreviewSchema))
    .query(({ input }) => previewSchedule(input)),
});

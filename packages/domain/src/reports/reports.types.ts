// Status reports: the contracts of reports, their checks, schedules, subscribers, runs and the
// public status view. The public view has no ids of anything (not even the report's).
import { IANAZone } from "luxon";
import { z } from "zod";
import {
  choiceField,
  descriptionSchema,
  emailField,
  idField,
  organizationIdSchema,
  textField,
  workspaceIdSchema,
} from "../shared/fields.types.ts";
import { pageInputShape } from "../shared/pagination.ts";

export const CHECK_KINDS = ["TASK", "DAG", "ASSERTION", "TIMELINESS"] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];
export const CHECK_STATUSES = ["PASSED", "WARNING", "FAILED", "STALE", "UNKNOWN"] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];
/** Subject words of each status: `[Passed] Daily sales`. */
export const STATUS_LABELS: Record<CheckStatus, string> = {
  PASSED: "Passed",
  WARNING: "Warning",
  FAILED: "Failed",
  STALE: "Stale",
  UNKNOWN: "Unknown",
};
export const SEND_MODES = ["ALWAYS", "ON_CHANGE"] as const;
export const SCHEDULE_DAYS = [
  "SUNDAY",
  "MONDAY",
  "TUESDAY",
  "WEDNESDAY",
  "THURSDAY",
  "FRIDAY",
  "SATURDAY",
] as const;
export const SUBSCRIBER_STATUSES = ["PENDING", "CONFIRMED", "UNSUBSCRIBED"] as const;
export const RUN_TRIGGERS = ["SCHEDULE", "MANUAL"] as const;
export const DEFAULT_FRESHNESS_MINUTES = 24 * 60;
export const MAX_FRESHNESS_MINUTES = 31 * 24 * 60;
export const MAX_CHECKS = 50;
export const MAX_SUBSCRIBERS = 200;

export const reportIdSchema = idField("reportId", "Report");
export const titleSchema = textField({ label: "title", title: "Title", max: 120 });

const ident = (field: string, title: string) => textField({ label: field, title, max: 250 });
const hhmm = (field: string, title: string) =>
  z
    .string({ error: `${field} is required` })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: `${field} must be a time HH:MM (24-hour)` })
    .meta({ title });
const freshness = z
  .number({ error: "freshnessMinutes must be a number of minutes" })
  .int({ error: "freshnessMinutes must be a whole number of minutes" })
  .min(1, { error: "freshnessMinutes must be at least 1" })
  .max(MAX_FRESHNESS_MINUTES, {
    error: `freshnessMinutes must be at most ${MAX_FRESHNESS_MINUTES} (31 days)`,
  })
  .default(DEFAULT_FRESHNESS_MINUTES)
  .meta({ title: "Fresh within (minutes)" });

export const timeZoneSchema = z
  .string({ error: "timeZone is required" })
  .trim()
  .refine((zone) => IANAZone.isValidZone(zone), {
    error: "timeZone must be an IANA time zone such as Europe/Berlin or UTC",
  })
  .meta({ title: "Time zone" });

const checkBase = {
  deploymentId: idField("deploymentId", "Deployment"),
  /** What stakeholders read; defaults to the checked object's name. */
  label: textField({ label: "label", title: "Label", max: 120 }).optional(),
};

/** A check, by kind. Chosen from what telemetry has seen (the editor's pickers). */
export const checkInputSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      kind: z.literal("TASK"),
      ...checkBase,
      dagId: ident("dagId", "DAG id"),
      taskId: ident("taskId", "Task id"),
      freshnessMinutes: freshness,
    }),
    z.strictObject({
      kind: z.literal("DAG"),
      ...checkBase,
      dagId: ident("dagId", "DAG id"),
      freshnessMinutes: freshness,
    }),
    z.strictObject({
      kind: z.literal("ASSERTION"),
      ...checkBase,
      datasetNamespace: ident("datasetNamespace", "Dataset namespace"),
      datasetName: ident("datasetName", "Dataset name"),
      assertion: ident("assertion", "Assertion").optional(),
      column: ident("column", "Column").optional(),
      freshnessMinutes: freshness,
    }),
    z.strictObject({
      kind: z.literal("TIMELINESS"),
      ...checkBase,
      dagId: ident("dagId", "DAG id"),
      taskId: ident("taskId", "Task id").optional(),
      deadline: hhmm("deadline", "Landed by (HH:MM)"),
    }),
  ],
  { error: `kind must be one of ${CHECK_KINDS.join(", ")}` },
);
export type CheckInput = z.output<typeof checkInputSchema>;

/** Presets turn into cron; the cron is kept. */
export const scheduleInputSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("DAILY"), time: hhmm("schedule.time", "At (HH:MM)") }),
    z.strictObject({
      type: z.literal("WEEKLY"),
      day: choiceField("schedule.day", "Day", SCHEDULE_DAYS),
      time: hhmm("schedule.time", "At (HH:MM)"),
    }),
    z.strictObject({
      type: z.literal("CRON"),
      cron: z
        .string({ error: "schedule.cron is required" })
        .trim()
        .min(1, { error: "schedule.cron is required" })
        .max(120, { error: "schedule.cron must be at most 120 characters" })
        .meta({ title: "Cron expression" }),
    }),
  ],
  { error: "schedule.type must be one of DAILY, WEEKLY, CRON" },
);
export type ScheduleInput = z.output<typeof scheduleInputSchema>;

const checksSchema = z
  .array(checkInputSchema, { error: "checks must be a list" })
  .max(MAX_CHECKS, { error: `checks may have at most ${MAX_CHECKS} entries` })
  .meta({ title: "Checks" });
const channelIdsSchema = z
  .array(idField("channelIds", "Slack channel"), { error: "channelIds must be a list of channel ids" })
  .max(10, { error: "channelIds may list at most 10 channels" })
  .meta({ title: "Slack channels" });

const reportSettings = {
  description: descriptionSchema.optional(),
  schedule: scheduleInputSchema,
  timeZone: timeZoneSchema.default("UTC"),
  sendMode: choiceField("sendMode", "Send", SEND_MODES).default("ALWAYS"),
  requireSignIn: z.boolean({ error: "requireSignIn must be true or false" }).default(false),
  showErrorDetails: z.boolean({ error: "showErrorDetails must be true or false" }).default(false),
  checks: checksSchema.default([]),
  channelIds: channelIdsSchema.default([]),
};

export const createReportInput = z.object({
  organizationId: organizationIdSchema,
  workspaceId: workspaceIdSchema,
  title: titleSchema,
  ...reportSettings,
});
export type CreateReportInput = z.output<typeof createReportInput>;

export const reportRefInput = z.object({ organizationId: organizationIdSchema, reportId: reportIdSchema });
export type ReportRefInput = z.output<typeof reportRefInput>;

export const updateReportInput = z.object({
  organizationId: organizationIdSchema,
  reportId: reportIdSchema,
  title: titleSchema.optional(),
  description: descriptionSchema.optional(),
  schedule: scheduleInputSchema.optional(),
  timeZone: timeZoneSchema.optional(),
  sendMode: choiceField("sendMode", "Send", SEND_MODES).optional(),
  requireSignIn: z.boolean({ error: "requireSignIn must be true or false" }).optional(),
  showErrorDetails: z.boolean({ error: "showErrorDetails must be true or false" }).optional(),
  checks: checksSchema.optional(),
  channelIds: channelIdsSchema.optional(),
});
export type UpdateReportInput = z.output<typeof updateReportInput>;

export const listReportsInput = z.object({
  organizationId: organizationIdSchema,
  workspaceId: workspaceIdSchema,
  ...pageInputShape,
});
export type ListReportsInput = z.output<typeof listReportsInput>;

export const checkSchema = z.strictObject({
  id: z.string(),
  position: z.number(),
  kind: z.enum(CHECK_KINDS),
  label: z.string(),
  deploymentId: z.string(),
  dagId: z.string().nullable(),
  taskId: z.string().nullable(),
  datasetNamespace: z.string().nullable(),
  datasetName: z.string().nullable(),
  assertion: z.string().nullable(),
  column: z.string().nullable(),
  freshnessMinutes: z.number().nullable(),
  deadline: z.string().nullable(),
});
export type CheckView = z.output<typeof checkSchema>;

export const reportSchema = z.strictObject({
  id: z.string(),
  organizationId: z.string(),
  workspaceId: z.string(),
  title: z.string(),
  description: z.string(),
  ownerUserId: z.string().nullable(),
  cron: z.string(),
  timeZone: z.string(),
  sendMode: z.enum(SEND_MODES),
  requireSignIn: z.boolean(),
  showErrorDetails: z.boolean(),
  channelIds: z.array(z.string()),
  /** A status page link is issued (its token is shown once, when issued). */
  statusPageEnabled: z.boolean(),
  lastStatus: z.enum(CHECK_STATUSES).nullable(),
  lastRunAt: z.date().nullable(),
  nextRunAt: z.date().nullable(),
  checks: z.array(checkSchema),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ReportView = z.output<typeof reportSchema>;

export const checkResultSchema = z.strictObject({
  position: z.number(),
  kind: z.enum(CHECK_KINDS),
  label: z.string(),
  status: z.enum(CHECK_STATUSES),
  /** One sentence a stakeholder understands. */
  summary: z.string(),
  evidence: z.record(z.string(), z.unknown()),
});
export type CheckResultView = z.output<typeof checkResultSchema>;

export const reportRunSchema = z.strictObject({
  id: z.string(),
  reportId: z.string(),
  trigger: z.enum(RUN_TRIGGERS),
  scheduledFor: z.date().nullable(),
  evaluatedAt: z.date(),
  status: z.enum(CHECK_STATUSES),
  previousStatus: z.enum(CHECK_STATUSES).nullable(),
  notified: z.boolean(),
  results: z.array(checkResultSchema),
});
export type ReportRunView = z.output<typeof reportRunSchema>;

export const listReportRunsInput = reportRefInput.extend(pageInputShape);
export type ListReportRunsInput = z.output<typeof listReportRunsInput>;

export const subscriberSchema = z.strictObject({
  id: z.string(),
  email: z.string(),
  userId: z.string().nullable(),
  status: z.enum(SUBSCRIBER_STATUSES),
  confirmedAt: z.date().nullable(),
  createdAt: z.date(),
});
export type SubscriberView = z.output<typeof subscriberSchema>;

/** An organization member (by user id) or an outside e-mail address, which must confirm. */
export const addSubscriberInput = z
  .object({
    organizationId: organizationIdSchema,
    reportId: reportIdSchema,
    userId: idField("userId", "Member").optional(),
    email: emailField("email", "E-mail").optional(),
  })
  .refine((input) => (input.userId === undefined) !== (input.email === undefined), {
    error: "give either userId (an organization member) or email (an outside subscriber)",
    path: ["email"],
  });
export type AddSubscriberInput = z.output<typeof addSubscriberInput>;

export const subscriberRefInput = reportRefInput.extend({
  subscriberId: idField("subscriberId", "Subscriber"),
});
export type SubscriberRefInput = z.output<typeof subscriberRefInput>;

export const subscriberLinkInput = z.object({
  token: z
    .string({ error: "token is required" })
    .trim()
    .min(1, { error: "token is required" })
    .max(200, { error: "token is not a valid link" }),
});

export const statusLinkSchema = z.strictObject({
  /** Shown once: the path of the public page is /status/<token>. */
  token: z.string(),
  url: z.string(),
});
export type StatusLinkView = z.output<typeof statusLinkSchema>;

export const previewScheduleInput = z.object({
  schedule: scheduleInputSchema,
  timeZone: timeZoneSchema.default("UTC"),
  count: z.number().int().min(1).max(10).default(5),
});
export const schedulePreviewSchema = z.strictObject({
  cron: z.string(),
  timeZone: z.string(),
  nextRuns: z.array(z.date()),
});

/** The public status page: the report's own words, no ids of anything. */
export const publicStatusSchema = z.strictObject({
  title: z.string(),
  description: z.string(),
  status: z.enum(CHECK_STATUSES),
  statusLabel: z.string(),
  lastUpdated: z.date().nullable(),
  checks: z.array(
    z.strictObject({
      label: z.string(),
      kind: z.enum(CHECK_KINDS),
      status: z.enum(CHECK_STATUSES),
      /** Plain language; an error message only when the owner allowed error details. */
      summary: z.string(),
    }),
  ),
  /** Oldest first: one entry per day (in the report's zone) of the last 90, null where nothing ran. */
  history: z.array(z.strictObject({ date: z.string(), status: z.enum(CHECK_STATUSES).nullable() })),
});
export type PublicStatusView = z.output<typeof publicStatusSchema>;

export const reportRunRequestSchema = z.strictObject({ queued: z.boolean(), requestedAt: z.date() });
export const revokedSchema = z.strictObject({ revoked: z.boolean() });
export const listSubscribersInput = reportRefInput;
export const checkOptionsInput = z.object({
  organizationId: organizationIdSchema,
  workspaceId: workspaceIdSchema,
});
export const checkOptionsSchema = z.strictObject({
  deployments: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  dags: z.array(z.strictObject({ deploymentId: z.string(), dagId: z.string() })),
  tasks: z.array(z.strictObject({ deploymentId: z.string(), dagId: z.string(), taskId: z.string() })),
  datasets: z.array(
    z.strictObject({
      deploymentId: z.string(),
      namespace: z.string(),
      name: z.string(),
      assertion: z.string(),
    }),
  ),
});

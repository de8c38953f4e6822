// Alerts: the contracts of notification channels, alert rules, incidents and deliveries.
// Channel secrets (webhook URLs, routing keys, API keys, signing secrets) appear only in
// inputs: no view schema has a field that could carry one.
import { IANAZone } from "luxon";
import { z } from "zod";
import {
  choiceField,
  dateTimeField,
  deploymentIdSchema,
  emailField,
  idField,
  nameSchema,
  organizationIdSchema,
  workspaceIdSchema,
} from "../shared/fields.types.ts";
import { pageInputShape } from "../shared/pagination.ts";

export const NOTIFICATION_CHANNEL_KINDS = ["SLACK", "EMAIL", "PAGERDUTY", "OPSGENIE", "WEBHOOK"] as const;
export type NotificationChannelKindName = (typeof NOTIFICATION_CHANNEL_KINDS)[number];
export const CHANNEL_SCOPES = ["ORGANIZATION", "WORKSPACE", "DEPLOYMENT"] as const;
export type ChannelScope = (typeof CHANNEL_SCOPES)[number];

export const ALERT_RULE_TYPES = [
  "DAG_FAILURE",
  "DAG_SUCCESS",
  "TASK_FAILURE",
  "DAG_DURATION",
  "DAG_TIMELINESS",
  "TELEMETRY_SILENCE",
  "TASK_DURATION",
  "DURATION_ANOMALY",
  "DEPLOYMENT_HEALTH",
] as const;
export type AlertRuleTypeName = (typeof ALERT_RULE_TYPES)[number];
export const ALERT_SEVERITIES = ["INFO", "WARNING", "CRITICAL"] as const;
export type AlertSeverityName = (typeof ALERT_SEVERITIES)[number];
export const PATTERN_ENTITIES = ["DAG_ID", "TASK_ID"] as const;
export const PATTERN_OPERATORS = ["IS", "IS_NOT", "INCLUDES", "EXCLUDES"] as const;
export const DAYS_OF_WEEK = [
  "MONDAY",
  "TUESDAY",
  "WEDNESDAY",
  "THURSDAY",
  "FRIDAY",
  "SATURDAY",
  "SUNDAY",
] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];
export const TASK_FAILURE_MODES = ["EVERY_TRY", "RETRIES_EXHAUSTED"] as const;
export const HEALTH_CONDITIONS = [
  "SCHEDULER_HEARTBEAT_MISSING",
  "DEPLOYMENT_UNHEALTHY",
  "WORKER_QUEUE_SATURATED",
  "IMPORT_ERRORS",
] as const;
export type HealthCondition = (typeof HEALTH_CONDITIONS)[number];
export const DELIVERY_EVENTS = ["TRIGGER", "RESOLVE", "TEST"] as const;
export type DeliveryEvent = (typeof DELIVERY_EVENTS)[number];
export const DELIVERY_STATUSES = ["PENDING", "DELIVERED", "FAILED"] as const;
export const INCIDENT_STATUSES = ["OPEN", "RESOLVED"] as const;

export const MIN_DURATION_SECONDS = 60;
export const MAX_DURATION_SECONDS = 7 * 24 * 60 * 60;
export const MAX_SILENCE_MINUTES = 7 * 24 * 60;
/** Duration anomaly defaults: median + k·MAD over the last N successful runs, at least `minHistory` of them. */
export const ANOMALY_DEFAULTS = {
  historySize: 20,
  deviations: 3,
  minHistory: 5,
  minExcessSeconds: 60,
} as const;
export const MAX_ANOMALY_HISTORY = 200;

export const channelIdSchema = idField("channelId", "Notification channel");
export const ruleIdSchema = idField("ruleId", "Alert rule");

const httpUrl = (label: string, title: string) =>
  z
    .url({ error: `${label} must be an http(s) URL`, protocol: /^https?$/ })
    .max(2048, { error: `${label} must be at most 2048 characters` })
    .meta({ title });
const secretText = (label: string, title: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, { error: `${label} is required` })
    .max(max, { error: `${label} must be at most ${max} characters` })
    .meta({ title, writeOnly: true });

/** Per kind: what the channel needs. Secret fields are write-only. */
export const channelSettingsSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      kind: z.literal("SLACK"),
      webhookUrl: httpUrl("settings.webhookUrl", "Slack incoming webhook URL").meta({ writeOnly: true }),
    }),
    z.strictObject({
      kind: z.literal("EMAIL"),
      recipients: z
        .array(emailField("settings.recipients", "Recipient"), {
          error: "settings.recipients must be a list of e-mail addresses",
        })
        .min(1, { error: "settings.recipients needs at least one address" })
        .max(20, { error: "settings.recipients may list at most 20 addresses" })
        .meta({ title: "Recipients" }),
    }),
    z.strictObject({
      kind: z.literal("PAGERDUTY"),
      routingKey: secretText("settings.routingKey", "PagerDuty integration (routing) key", 64),
    }),
    z.strictObject({
      kind: z.literal("OPSGENIE"),
      apiKey: secretText("settings.apiKey", "Opsgenie API key", 128),
      region: choiceField("settings.region", "Opsgenie region", ["US", "EU"] as const).default("US"),
    }),
    z.strictObject({
      kind: z.literal("WEBHOOK"),
      url: httpUrl("settings.url", "Webhook URL").meta({ writeOnly: true }),
      signingSecret: z
        .string({ error: "settings.signingSecret is required" })
        .trim()
        .regex(/^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/, {
          error:
            "settings.signingSecret must be a Standard Webhooks secret: whsec_ followed by base64 of 24-64 bytes",
        })
        .meta({ title: "Signing secret", writeOnly: true }),
    }),
  ],
  { error: `settings.kind must be one of ${NOTIFICATION_CHANNEL_KINDS.join(", ")}` },
);
export type ChannelSettings = z.output<typeof channelSettingsSchema>;

/** The sealed part of each kind's settings. */
export type ChannelSecret =
  | { kind: "SLACK"; webhookUrl: string }
  | { kind: "PAGERDUTY"; routingKey: string }
  | { kind: "OPSGENIE"; apiKey: string }
  | { kind: "WEBHOOK"; url: string; signingSecret: string };

export const channelSchema = z.strictObject({
  id: z.string(),
  organizationId: z.string(),
  workspaceId: z.string().nullable(),
  deploymentId: z.string().nullable(),
  scope: z.enum(CHANNEL_SCOPES),
  name: z.string(),
  kind: z.enum(NOTIFICATION_CHANNEL_KINDS),
  shared: z.boolean(),
  /** Non-secret settings: e-mail recipients, Opsgenie region. */
  recipients: z.array(z.string()).nullable(),
  region: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ChannelView = z.output<typeof channelSchema>;

/** Where a channel or rule lives: an organization, or one of its workspaces or deployments. */
const ownerShape = {
  organizationId: organizationIdSchema,
  workspaceId: workspaceIdSchema.optional(),
  deploymentId: deploymentIdSchema.optional(),
};

export const createChannelInput = z.object({
  ...ownerShape,
  name: nameSchema,
  /** Rules of the owner's workspaces and deployments may use it (default true). */
  shared: z
    .boolean({ error: "shared must be true or false" })
    .default(true)
    .meta({ title: "Shared downwards" }),
  settings: channelSettingsSchema,
});
export type CreateChannelInput = z.output<typeof createChannelInput>;

/** Channels usable at an owner: its own and the shared ones of the levels above. */
export const listChannelsInput = z.object({ ...ownerShape, ...pageInputShape });
export type ListChannelsInput = z.output<typeof listChannelsInput>;

export const channelRefInput = z.object({ organizationId: organizationIdSchema, channelId: channelIdSchema });
export type ChannelRefInput = z.output<typeof channelRefInput>;

/**
 * Changes a channel's name, sharing or settings. `settings` replaces every setting of the
 * channel's kind, its secret included (write-only: sealed anew, the old one never shown); the
 * kind itself cannot change.
 */
export const updateChannelInput = z.object({
  organizationId: organizationIdSchema,
  channelId: channelIdSchema,
  name: nameSchema.optional(),
  shared: z.boolean({ error: "shared must be true or false" }).optional().meta({ title: "Shared downwards" }),
  settings: channelSettingsSchema.optional(),
});
export type UpdateChannelInput = z.output<typeof updateChannelInput>;

export const patternSchema = z.strictObject({
  entity: choiceField("entity", "Matches", PATTERN_ENTITIES),
  operator: choiceField("operator", "Operator", PATTERN_OPERATORS),
  values: z
    .array(
      z
        .string({ error: "values must be text" })
        .trim()
        .min(1, { error: "a value must not be empty" })
        .max(250, { error: "a value must be at most 250 characters" }),
      { error: "values must be a list of ids or * patterns" },
    )
    .min(1, { error: "values needs at least one id or pattern" })
    .max(50, { error: "values may list at most 50 ids or patterns" })
    .meta({ title: "Ids or * patterns" }),
});
export type AlertPattern = z.output<typeof patternSchema>;

const patternsSchema = z
  .array(patternSchema, { error: "patterns must be a list" })
  .max(20, { error: "patterns may have at most 20 entries" })
  .default([])
  .meta({ title: "DAG and task patterns" });

const durationSeconds = z
  .number({ error: "properties.durationSeconds must be a number of seconds" })
  .int({ error: "properties.durationSeconds must be a whole number of seconds" })
  .min(MIN_DURATION_SECONDS, { error: `properties.durationSeconds must be at least ${MIN_DURATION_SECONDS}` })
  .max(MAX_DURATION_SECONDS, {
    error: `properties.durationSeconds must be at most ${MAX_DURATION_SECONDS} (7 days)`,
  })
  .meta({ title: "Duration (seconds)" });

const timeZoneSchema = z
  .string({ error: "properties.timeZone is required" })
  .trim()
  .refine((zone) => IANAZone.isValidZone(zone), {
    error: "properties.timeZone must be an IANA time zone such as Europe/Berlin or UTC",
  })
  .meta({ title: "Time zone" });

const wholeNumber = (field: string, title: string, min: number, max: number) =>
  z
    .number({ error: `properties.${field} must be a number` })
    .int({ error: `properties.${field} must be a whole number` })
    .min(min, { error: `properties.${field} must be at least ${min}` })
    .max(max, { error: `properties.${field} must be at most ${max}` })
    .meta({ title });

const durationAnomalyProperties = z
  .strictObject({
    historySize: wholeNumber(
      "historySize",
      "Successful runs in the baseline (N)",
      3,
      MAX_ANOMALY_HISTORY,
    ).default(ANOMALY_DEFAULTS.historySize),
    deviations: z
      .number({ error: "properties.deviations must be a number" })
      .min(0.5, { error: "properties.deviations must be at least 0.5" })
      .max(50, { error: "properties.deviations must be at most 50" })
      .default(ANOMALY_DEFAULTS.deviations)
      .meta({ title: "Deviations (k × MAD)" }),
    minHistory: wholeNumber("minHistory", "Minimum history (runs)", 3, MAX_ANOMALY_HISTORY).default(
      ANOMALY_DEFAULTS.minHistory,
    ),
    minExcessSeconds: wholeNumber(
      "minExcessSeconds",
      "Minimum excess over the median (seconds)",
      0,
      86_400,
    ).default(ANOMALY_DEFAULTS.minExcessSeconds),
  })
  .refine((value) => value.minHistory <= value.historySize, {
    error: "properties.minHistory must not be larger than properties.historySize",
    path: ["minHistory"],
  });

const deploymentHealthProperties = z.discriminatedUnion(
  "condition",
  [
    z.strictObject({
      condition: z.literal("SCHEDULER_HEARTBEAT_MISSING"),
      heartbeatMinutes: wholeNumber("heartbeatMinutes", "Heartbeat missing for (minutes)", 1, 1440).default(
        5,
      ),
    }),
    z.strictObject({ condition: z.literal("DEPLOYMENT_UNHEALTHY") }),
    z.strictObject({ condition: z.literal("WORKER_QUEUE_SATURATED") }),
    z.strictObject({ condition: z.literal("IMPORT_ERRORS") }),
  ],
  { error: `properties.condition must be one of ${HEALTH_CONDITIONS.join(", ")}` },
);

/** Type-specific settings, checked against the rule's type. */
export const RULE_PROPERTIES = {
  DAG_FAILURE: z.strictObject({
    groupWindowSeconds: z
      .number({ error: "properties.groupWindowSeconds must be a number of seconds" })
      .int({ error: "properties.groupWindowSeconds must be a whole number of seconds" })
      .min(0, { error: "properties.groupWindowSeconds must be at least 0" })
      .max(MAX_DURATION_SECONDS, {
        error: `properties.groupWindowSeconds must be at most ${MAX_DURATION_SECONDS} (7 days)`,
      })
      .optional()
      .meta({ title: "Group repeated failures within (seconds)" }),
  }),
  DAG_SUCCESS: z.strictObject({}),
  TASK_FAILURE: z.strictObject({
    taskFailureMode: choiceField("properties.taskFailureMode", "Notify on", TASK_FAILURE_MODES).default(
      "EVERY_TRY",
    ),
  }),
  DAG_DURATION: z.strictObject({ durationSeconds }),
  DAG_TIMELINESS: z.strictObject({
    deadline: z
      .string({ error: "properties.deadline is required" })
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "properties.deadline must be a time HH:MM (24-hour)" })
      .meta({ title: "Deadline (HH:MM)" }),
    timeZone: timeZoneSchema.default("UTC"),
    daysOfWeek: z
      .array(choiceField("properties.daysOfWeek", "Day", DAYS_OF_WEEK), {
        error: "properties.daysOfWeek must be a list of days",
      })
      .min(1, { error: "properties.daysOfWeek needs at least one day" })
      .default([...DAYS_OF_WEEK])
      .meta({ title: "Days of week" }),
    lookBackSeconds: z
      .number({ error: "properties.lookBackSeconds must be a number of seconds" })
      .int({ error: "properties.lookBackSeconds must be a whole number of seconds" })
      .min(60, { error: "properties.lookBackSeconds must be at least 60" })
      .max(MAX_DURATION_SECONDS, {
        error: `properties.lookBackSeconds must be at most ${MAX_DURATION_SECONDS}`,
      })
      .meta({ title: "Look-back window (seconds)" }),
  }),
  TELEMETRY_SILENCE: z.strictObject({
    silenceMinutes: z
      .number({ error: "properties.silenceMinutes must be a number of minutes" })
      .int({ error: "properties.silenceMinutes must be a whole number of minutes" })
      .min(1, { error: "properties.silenceMinutes must be at least 1" })
      .max(MAX_SILENCE_MINUTES, { error: `properties.silenceMinutes must be at most ${MAX_SILENCE_MINUTES}` })
      .meta({ title: "Silence (minutes)" }),
  }),
  TASK_DURATION: z.strictObject({ durationSeconds }),
  DURATION_ANOMALY: durationAnomalyProperties,
  DEPLOYMENT_HEALTH: deploymentHealthProperties,
} as const satisfies Record<AlertRuleTypeName, z.ZodType>;

export type RuleProperties = {
  [T in AlertRuleTypeName]: z.output<(typeof RULE_PROPERTIES)[T]>;
};
export type AnyRuleProperties = Partial<
  RuleProperties["TASK_FAILURE"] &
    RuleProperties["DAG_DURATION"] &
    RuleProperties["DAG_TIMELINESS"] &
    RuleProperties["TELEMETRY_SILENCE"] &
    RuleProperties["DAG_FAILURE"] &
    RuleProperties["DURATION_ANOMALY"] & { condition: HealthCondition; heartbeatMinutes: number }
>;

const channelIdsSchema = z
  .array(channelIdSchema, { error: "channelIds must be a list of channel ids" })
  .max(20, { error: "channelIds may list at most 20 channels" })
  .default([])
  .meta({ title: "Notification channels" });

export const createRuleInput = z.object({
  organizationId: organizationIdSchema,
  workspaceId: workspaceIdSchema,
  /** Omitted: every deployment of the workspace. */
  deploymentId: deploymentIdSchema.optional(),
  name: nameSchema,
  type: choiceField("type", "Alert type", ALERT_RULE_TYPES),
  severity: choiceField("severity", "Severity", ALERT_SEVERITIES).default("WARNING"),
  patterns: patternsSchema,
  /** Checked against the type (see RULE_PROPERTIES). */
  properties: z.record(z.string(), z.unknown(), { error: "properties must be an object" }).default({}),
  channelIds: channelIdsSchema,
  mutedUntil: dateTimeField("mutedUntil", "Muted until").nullable().optional(),
  /** A disabled rule is not evaluated at all (default true). */
  enabled: z.boolean({ error: "enabled must be true or false" }).optional().meta({ title: "Enabled" }),
});
export type CreateRuleInput = z.output<typeof createRuleInput>;

export const updateRuleInput = z.object({
  organizationId: organizationIdSchema,
  ruleId: ruleIdSchema,
  name: nameSchema.optional(),
  severity: choiceField("severity", "Severity", ALERT_SEVERITIES).optional(),
  patterns: patternsSchema.optional(),
  properties: z.record(z.string(), z.unknown(), { error: "properties must be an object" }).optional(),
  channelIds: channelIdsSchema.optional(),
  mutedUntil: dateTimeField("mutedUntil", "Muted until").nullable().optional(),
  /** false: the rule is not evaluated (no incidents) until it is enabled again. */
  enabled: z.boolean({ error: "enabled must be true or false" }).optional().meta({ title: "Enabled" }),
});
export type UpdateRuleInput = z.output<typeof updateRuleInput>;

const mutedIdField = (field: string, title: string) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .min(1, { error: `${field} must not be empty` })
    .max(250, { error: `${field} must be at most 250 characters` })
    .meta({ title });

export const muteRuleInput = z
  .object({
    organizationId: organizationIdSchema,
    ruleId: ruleIdSchema,
    /** null unmutes. */
    until: dateTimeField("until", "Muted until").nullable(),
    /** Mute only this DAG of the rule (omitted: the whole rule). */
    dagId: mutedIdField("dagId", "DAG id").optional(),
    /** With dagId: mute only this task of the DAG. */
    taskId: mutedIdField("taskId", "Task id").optional(),
  })
  .refine((input) => input.taskId === undefined || input.dagId !== undefined, {
    error: "taskId needs dagId: a task is muted within its DAG",
    path: ["taskId"],
  });
export type MuteRuleInput = z.output<typeof muteRuleInput>;

export const ruleRefInput = z.object({ organizationId: organizationIdSchema, ruleId: ruleIdSchema });
export type RuleRefInput = z.output<typeof ruleRefInput>;

export const listRulesInput = z.object({
  organizationId: organizationIdSchema,
  workspaceId: workspaceIdSchema.optional(),
  deploymentId: deploymentIdSchema.optional(),
  ...pageInputShape,
});
export type ListRulesInput = z.output<typeof listRulesInput>;

export const ruleSchema = z.strictObject({
  id: z.string(),
  organizationId: z.string(),
  workspaceId: z.string(),
  deploymentId: z.string().nullable(),
  name: z.string(),
  type: z.enum(ALERT_RULE_TYPES),
  severity: z.enum(ALERT_SEVERITIES),
  patterns: z.array(patternSchema),
  properties: z.record(z.string(), z.unknown()),
  channelIds: z.array(z.string()),
  /** Off: not evaluated at all. Muting (mutedUntil) still records incidents, only without notifying. */
  enabled: z.boolean(),
  mutedUntil: z.date().nullable(),
  /** DAGs (or tasks) of the rule muted until a time. */
  mutes: z.array(z.strictObject({ dagId: z.string(), taskId: z.string().nullable(), until: z.date() })),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type RuleView = z.output<typeof ruleSchema>;

export const incidentSchema = z.strictObject({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  deploymentId: z.string(),
  key: z.string(),
  dagId: z.string().nullable(),
  taskId: z.string().nullable(),
  runId: z.string().nullable(),
  status: z.enum(INCIDENT_STATUSES),
  severity: z.enum(ALERT_SEVERITIES),
  summary: z.string(),
  muted: z.boolean(),
  /** Occurrences grouped in this incident (a flapping DAG's repeated failures). */
  occurrences: z.number(),
  lastOccurredAt: z.date().nullable(),
  openedAt: z.date(),
  resolvedAt: z.date().nullable(),
  resolveReason: z.string().nullable(),
});
export type IncidentView = z.output<typeof incidentSchema>;

export const listIncidentsInput = z.object({
  organizationId: organizationIdSchema,
  deploymentId: deploymentIdSchema,
  ...pageInputShape,
});
export type ListIncidentsInput = z.output<typeof listIncidentsInput>;

export const deliverySchema = z.strictObject({
  id: z.string(),
  incidentId: z.string().nullable(),
  channelId: z.string(),
  event: z.enum(DELIVERY_EVENTS),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  deliveredAt: z.date().nullable(),
});
export type DeliveryView = z.output<typeof deliverySchema>;

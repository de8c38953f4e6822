// Tuning recommendations: the contracts of listing, applying, dismissing, snoozing and
// reverting a deployment's recommendations (issue 16).
import { z } from "zod";
import { choiceField, deploymentRefSchema, idField, textField } from "../shared/fields.types.ts";

export const RECOMMENDATION_STATES = [
  "OPEN",
  "APPLIED",
  "DISMISSED",
  "SNOOZED",
  "SUPERSEDED",
  "REVERTED",
] as const;
export type RecommendationState = (typeof RECOMMENDATION_STATES)[number];
export const RECOMMENDATION_OUTCOMES = ["PENDING", "CONFIRMED", "NOT_CONFIRMED", "REGRESSED"] as const;
export type RecommendationOutcome = (typeof RECOMMENDATION_OUTCOMES)[number];

export const listRecommendationsInput = deploymentRefSchema.extend({
  state: choiceField("state", "State", RECOMMENDATION_STATES).optional(),
});
export type ListRecommendationsInput = z.input<typeof listRecommendationsInput>;

export const recommendationRefInput = deploymentRefSchema.extend({
  recommendationId: idField("recommendationId", "Recommendation"),
});
export type RecommendationRefInput = z.input<typeof recommendationRefInput>;

export const dismissRecommendationInput = recommendationRefInput.extend({
  reason: textField({ label: "reason", title: "Why it does not apply", max: 500 }),
});
export type DismissRecommendationInput = z.input<typeof dismissRecommendationInput>;

export const MAX_SNOOZE_DAYS = 90;
export const snoozeRecommendationInput = recommendationRefInput.extend({
  days: z
    .number({ error: `days must be a whole number from 1 to ${MAX_SNOOZE_DAYS}` })
    .int({ error: `days must be a whole number from 1 to ${MAX_SNOOZE_DAYS}` })
    .min(1, { error: `days must be a whole number from 1 to ${MAX_SNOOZE_DAYS}` })
    .max(MAX_SNOOZE_DAYS, { error: `days must be a whole number from 1 to ${MAX_SNOOZE_DAYS}` })
    .meta({ title: "Snooze for (days)" }),
});
export type SnoozeRecommendationInput = z.input<typeof snoozeRecommendationInput>;

const evidenceView = z.strictObject({
  series: z.string(),
  labels: z.record(z.string(), z.string()),
  values: z.array(z.number()),
  condition: z.string(),
  threshold: z.number(),
  observed: z.number(),
  required: z.number(),
  windowSeconds: z.number(),
});

const safetyView = z.strictObject({
  ok: z.boolean(),
  items: z.array(z.strictObject({ check: z.string(), ok: z.boolean(), detail: z.string() })),
});

const before = z.strictObject({ before: z.number(), after: z.number() });
const predictionView = z.strictObject({
  metric: z.string(),
  before: z.number(),
  after: z.number(),
  change: z.number(),
  queueWaitP90: before,
  throughputPerHour: before,
  workerHours: before,
  workerHoursSavedPerDay: z.number().optional(),
  costSavedPerDay: z.number().optional(),
  horizonSeconds: z.number(),
});

const windowStats = z.strictObject({
  from: z.date(),
  to: z.date(),
  queueWaitP50: z.number(),
  queueWaitP90: z.number(),
  tasksPerHour: z.number(),
  openSlotsMean: z.number(),
  workerHours: z.number(),
});
export type WindowStats = z.output<typeof windowStats>;

export const measurementView = z.strictObject({ before: windowStats, after: windowStats });
export type Measurement = z.output<typeof measurementView>;

export const recommendationView = z.strictObject({
  id: z.string(),
  deploymentId: z.string(),
  ruleId: z.string(),
  subject: z.string(),
  state: z.enum(RECOMMENDATION_STATES),
  summary: z.string(),
  evidence: z.array(evidenceView),
  /** The spec change, as data (see @skyport/tuning SpecChange). */
  changes: z.array(z.record(z.string(), z.unknown())),
  /** The change as diff lines ("- …" / "+ …"). */
  diff: z.array(z.string()),
  /** A change outside the spec the customer makes themselves, if any. */
  manual: z.string().nullable(),
  prediction: predictionView,
  risk: z.string(),
  safety: safetyView,
  source: z.strictObject({ title: z.string(), url: z.string() }),
  specGeneration: z.number(),
  computedAt: z.date(),
  dismissReason: z.string().nullable(),
  snoozedUntil: z.date().nullable(),
  appliedAt: z.date().nullable(),
  appliedGeneration: z.number().nullable(),
  measurement: measurementView.nullable(),
  outcome: z.enum(RECOMMENDATION_OUTCOMES).nullable(),
  revertedAt: z.date().nullable(),
  /** Applying needs a spec change (pool or DAG-code advice has none). */
  canApply: z.boolean(),
  /** Applied, measured worse than before: a one-click revert is offered. */
  canRevert: z.boolean(),
});
export type RecommendationView = z.output<typeof recommendationView>;

export const recommendationListView = z.strictObject({ items: z.array(recommendationView) });
export type RecommendationList = z.output<typeof recommendationListView>;

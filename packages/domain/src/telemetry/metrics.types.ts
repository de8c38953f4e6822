// Runtime metrics as clients read them: one series per registry key and label set, in steps
// over a time range. The registry (@skyport/metrics) says what each series measures.
import { SERIES } from "@skyport/metrics";
import { z } from "zod";
import { dateTimeField, deploymentRefSchema } from "../shared/fields.types.ts";

const SERIES_KEYS = SERIES.map((s) => s.key) as [string, ...string[]];

/** At most this long a range: the metrics retention (30 days). */
export const MAX_METRICS_RANGE_MS = 30 * 86_400_000;
/** Steps are chosen so a series has at most this many points. */
export const MAX_METRICS_POINTS = 360;
/** At most this many label sets per series key (the most recently seen first). */
export const MAX_LABEL_SETS_PER_SERIES = 25;

/** The series shown when none are named: the deployment's load at a glance. */
export const DEFAULT_METRIC_SERIES = [
  "executor_open_slots",
  "executor_queued_tasks",
  "executor_running_tasks",
  "scheduler_heartbeat",
  "scheduler_tasks_starving",
  "dag_processing_total_parse_time",
  "dag_processing_import_errors",
  "workers",
] as const;

export const getDeploymentMetricsInput = deploymentRefSchema.extend({
  /** Comma-separated registry keys, e.g. "executor_queued_tasks,workers". */
  series: z
    .union([z.string().max(2000, { error: "series must be at most 2000 characters" }), z.array(z.string())], {
      error: "series must be a comma-separated list of series names",
    })
    .transform((value, ctx) => {
      // "a,b", ["a,b"] (a query string) and ["a", "b"] all name the same series.
      const parts = (typeof value === "string" ? [value] : value).flatMap((part) => part.split(","));
      const keys = [...new Set(parts.map((key) => key.trim()).filter(Boolean))];
      const unknown = keys.filter((key) => !SERIES_KEYS.includes(key));
      if (unknown.length) {
        ctx.addIssue({
          code: "custom",
          message: `${unknown.map((k) => `\`${k}\``).join(", ")} ${unknown.length === 1 ? "is not a known series" : "are not known series"} (known: ${SERIES_KEYS.join(", ")})`,
        });
        return z.NEVER;
      }
      return keys;
    })
    .optional()
    .meta({ title: "Series", description: `Comma-separated; any of ${SERIES_KEYS.join(", ")}` }),
  /** Start of the range (inclusive); default: an hour before `to`. */
  from: dateTimeField("from", "From").optional(),
  /** End of the range (exclusive); default: now. */
  to: dateTimeField("to", "To").optional(),
});
export type GetDeploymentMetricsInput = z.input<typeof getDeploymentMetricsInput>;

export const metricPointSchema = z.strictObject({
  /** Start of the step. */
  at: z.date(),
  /** Gauges: the last value in the step; counters: the increase in the step; timers: the mean (seconds). */
  value: z.number(),
  min: z.number(),
  max: z.number(),
  /** Observations in the step (timers: how many timings; gauges and counters: samples). */
  count: z.number(),
});

export const metricSeriesSchema = z.strictObject({
  key: z.string(),
  kind: z.enum(["gauge", "counter", "timer"]),
  unit: z.string(),
  description: z.string(),
  labels: z.record(z.string(), z.string()),
  points: z.array(metricPointSchema),
});
export type MetricSeriesView = z.output<typeof metricSeriesSchema>;

export const deploymentMetricsSchema = z.strictObject({
  from: z.date(),
  to: z.date(),
  stepSeconds: z.number(),
  series: z.array(metricSeriesSchema),
  /** Label sets left out because a series had more than MAX_LABEL_SETS_PER_SERIES. */
  omittedLabelSets: z.number(),
});
export type DeploymentMetrics = z.output<typeof deploymentMetricsSchema>;

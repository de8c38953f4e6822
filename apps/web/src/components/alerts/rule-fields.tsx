"use client";

// One field block per rule type, over the form's `properties`. The record is keyed by the
// domain's rule types, so a new type fails type-checking until it has its block here (and
// nothing else in the form changes). `patterns` says whether DAG/task patterns apply.
import type { AlertRuleTypeName } from "@skyport/domain/alerts-contract";
import { CheckboxField, FieldError, NumberField, SelectField, TextField } from "@skyport/ui";
import type { ReactNode } from "react";
import type { UseFormReturn } from "react-hook-form";
import { fieldMessage, HEALTH_CONDITION_OPTIONS } from "./labels.ts";
import type { RuleFormOutput } from "./rule-model.ts";

export type RuleFormValues = {
  name: string;
  type: AlertRuleTypeName;
  severity: string;
  patterns: { entity: string; operator: string; values: string }[];
  properties: {
    taskFailureMode?: string;
    durationSeconds?: number;
    deadline?: string;
    timeZone?: string;
    daysOfWeek?: string[];
    lookBackSeconds?: number;
    silenceMinutes?: number;
    historySize?: number;
    deviations?: number;
    minHistory?: number;
    minExcessSeconds?: number;
    condition?: string;
    heartbeatMinutes?: number;
  };
  channelIds: string[];
};

export type RuleForm = UseFormReturn<RuleFormValues, unknown, RuleFormOutput>;

interface BlockProps {
  form: RuleForm;
  idPrefix: string;
}

const DAYS = [
  ["MONDAY", "Mon"],
  ["TUESDAY", "Tue"],
  ["WEDNESDAY", "Wed"],
  ["THURSDAY", "Thu"],
  ["FRIDAY", "Fri"],
  ["SATURDAY", "Sat"],
  ["SUNDAY", "Sun"],
] as const;

type NumberProperty =
  | "durationSeconds"
  | "lookBackSeconds"
  | "silenceMinutes"
  | "historySize"
  | "deviations"
  | "minHistory"
  | "minExcessSeconds"
  | "heartbeatMinutes";

/** The number properties' fields, their bounds as the domain sets them. */
const NUMBERS: Record<NumberProperty, { label: string; min: number; max: number; step?: number }> = {
  durationSeconds: { label: "Longer than (seconds)", min: 60, max: 604800 },
  lookBackSeconds: { label: "Look-back window (seconds)", min: 60, max: 604800 },
  silenceMinutes: { label: "No events for (minutes)", min: 1, max: 10080 },
  historySize: { label: "Successful runs in the baseline (N)", min: 3, max: 200 },
  deviations: { label: "Deviations (k × MAD)", min: 0.5, max: 50, step: 0.5 },
  minHistory: { label: "Minimum history (runs)", min: 3, max: 200 },
  minExcessSeconds: { label: "Minimum excess over the median (seconds)", min: 0, max: 86400 },
  heartbeatMinutes: { label: "Heartbeat missing for (minutes)", min: 1, max: 1440 },
};

const NUMBER_HINTS: Record<NumberProperty, string> = {
  durationSeconds:
    "From 60 (1 minute) to 604800 (7 days). Fires while the run is still going, once it passes this.",
  lookBackSeconds: "How far before the deadline a successful run counts, e.g. 86400 for a day.",
  silenceMinutes: "Skyport watches from outside: this fires even when the runtime is down.",
  historySize: "The DAG's last N successful runs form the baseline (median and MAD of their durations).",
  deviations: "Fires once a run passes median + k × MAD, while it is still running.",
  minHistory: "With fewer successful runs than this, the rule waits instead of guessing.",
  minExcessSeconds: "A run must also be at least this much longer than the median (ignores jitter).",
  heartbeatMinutes: "No scheduler heartbeat for this long; checked from outside the runtime.",
};

/** A whole-number property, its message in the field's own words. */
function PropertyNumber({ form, idPrefix, property }: BlockProps & { property: NumberProperty }) {
  const { label, min, max, step } = NUMBERS[property];
  return (
    <NumberField
      id={`${idPrefix}-${property}`}
      label={label}
      min={min}
      max={max}
      {...(step ? { step, inputMode: "decimal" as const } : {})}
      hint={NUMBER_HINTS[property]}
      error={fieldMessage(form.formState.errors.properties?.[property]?.message, label)}
      {...form.register(`properties.${property}`, { valueAsNumber: true })}
    />
  );
}

/** A block of one whole-number property. */
const numberBlock = (property: NumberProperty) => (props: BlockProps) => (
  <PropertyNumber {...props} property={property} />
);

function TaskFailureFields({ form, idPrefix }: BlockProps) {
  const label = "Notify on";
  return (
    <SelectField
      id={`${idPrefix}-taskFailureMode`}
      label={label}
      options={[
        { value: "EVERY_TRY", label: "Every failed try" },
        { value: "RETRIES_EXHAUSTED", label: "Only when retries are exhausted" },
      ]}
      error={fieldMessage(form.formState.errors.properties?.taskFailureMode?.message, label)}
      {...form.register("properties.taskFailureMode")}
    />
  );
}

function AnomalyFields(props: BlockProps) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {(["historySize", "deviations", "minHistory", "minExcessSeconds"] as const).map((property) => (
        <PropertyNumber key={property} {...props} property={property} />
      ))}
    </div>
  );
}

function HealthFields({ form, idPrefix }: BlockProps) {
  const label = "Condition";
  const condition = form.watch("properties.condition");
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <SelectField
        id={`${idPrefix}-condition`}
        label={label}
        options={HEALTH_CONDITION_OPTIONS}
        error={fieldMessage(form.formState.errors.properties?.condition?.message, label)}
        {...form.register("properties.condition")}
      />
      {condition === "SCHEDULER_HEARTBEAT_MISSING" ? (
        <PropertyNumber form={form} idPrefix={idPrefix} property="heartbeatMinutes" />
      ) : null}
    </div>
  );
}

function TimelinessFields({ form, idPrefix }: BlockProps) {
  const errors = form.formState.errors.properties;
  const daysId = `${idPrefix}-daysOfWeek`;
  const daysError = fieldMessage(errors?.daysOfWeek?.message, "Days of week");
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <TextField
        id={`${idPrefix}-deadline`}
        label="Deadline (HH:MM)"
        type="time"
        hint="A successful run must have finished by then."
        error={fieldMessage(errors?.deadline?.message, "Deadline")}
        {...form.register("properties.deadline")}
      />
      <TextField
        id={`${idPrefix}-timeZone`}
        label="Time zone"
        list={`${idPrefix}-time-zones`}
        autoComplete="off"
        spellCheck={false}
        hint="An IANA zone such as Europe/Berlin; daylight saving time is followed."
        error={fieldMessage(errors?.timeZone?.message, "Time zone")}
        {...form.register("properties.timeZone")}
      />
      <datalist id={`${idPrefix}-time-zones`}>
        {Intl.supportedValuesOf("timeZone").map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <PropertyNumber form={form} idPrefix={idPrefix} property="lookBackSeconds" />
      <fieldset
        className="lg:col-span-3"
        aria-invalid={daysError ? true : undefined}
        aria-describedby={daysError ? `${daysId}-error` : undefined}
      >
        <legend className="text-sm font-medium text-fg">Days of week</legend>
        <div className="mt-2 flex flex-wrap gap-x-4 gap-y-2">
          {DAYS.map(([day, short]) => (
            <CheckboxField
              key={day}
              id={`${daysId}-${day}`}
              label={short}
              value={day}
              {...form.register("properties.daysOfWeek")}
            />
          ))}
        </div>
        <FieldError id={`${daysId}-error`} message={daysError} />
      </fieldset>
    </div>
  );
}

export const RULE_TYPE_BLOCKS: Record<
  AlertRuleTypeName,
  { patterns: boolean; Fields: ((props: BlockProps) => ReactNode) | null }
> = {
  DAG_FAILURE: { patterns: true, Fields: null },
  DAG_SUCCESS: { patterns: true, Fields: null },
  TASK_FAILURE: { patterns: true, Fields: TaskFailureFields },
  DAG_DURATION: { patterns: true, Fields: numberBlock("durationSeconds") },
  DAG_TIMELINESS: { patterns: true, Fields: TimelinessFields },
  TELEMETRY_SILENCE: { patterns: false, Fields: numberBlock("silenceMinutes") },
  TASK_DURATION: { patterns: true, Fields: numberBlock("durationSeconds") },
  DURATION_ANOMALY: { patterns: true, Fields: AnomalyFields },
  DEPLOYMENT_HEALTH: { patterns: false, Fields: HealthFields },
};

/** Start values of every type's properties (the domain's defaults where it has them). */
export const EMPTY_PROPERTIES: RuleFormValues["properties"] = {
  taskFailureMode: "EVERY_TRY",
  deadline: "",
  timeZone: "UTC",
  daysOfWeek: DAYS.map(([day]) => day),
  historySize: 20,
  deviations: 3,
  minHistory: 5,
  minExcessSeconds: 60,
  condition: "SCHEDULER_HEARTBEAT_MISSING",
  heartbeatMinutes: 5,
};

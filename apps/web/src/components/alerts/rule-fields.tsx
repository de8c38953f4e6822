"use client";

// One field block per rule type, over the form's `properties`. The record is keyed by the
// domain's rule types, so a new type fails type-checking until it has its block here (and
// nothing else in the form changes). `patterns` says whether DAG/task patterns apply.
import type { AlertRuleTypeName } from "@skyport/domain/alerts-contract";
import { CheckboxField, FieldError, NumberField, SelectField, TextField } from "@skyport/ui";
import type { ReactNode } from "react";
import type { UseFormReturn } from "react-hook-form";
import { fieldMessage } from "./labels.ts";
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

type NumberProperty = "durationSeconds" | "lookBackSeconds" | "silenceMinutes";

/** The whole-number properties' fields, their bounds as the domain sets them. */
const NUMBERS: Record<NumberProperty, { label: string; min: number; max: number }> = {
  durationSeconds: { label: "Longer than (seconds)", min: 60, max: 604800 },
  lookBackSeconds: { label: "Look-back window (seconds)", min: 60, max: 604800 },
  silenceMinutes: { label: "No events for (minutes)", min: 1, max: 10080 },
};

const NUMBER_HINTS: Record<NumberProperty, string> = {
  durationSeconds:
    "From 60 (1 minute) to 604800 (7 days). Fires while the run is still going, once it passes this.",
  lookBackSeconds: "How far before the deadline a successful run counts, e.g. 86400 for a day.",
  silenceMinutes: "Skyport watches from outside: this fires even when the runtime is down.",
};

/** A whole-number property, its message in the field's own words. */
function PropertyNumber({ form, idPrefix, property }: BlockProps & { property: NumberProperty }) {
  const { label, min, max } = NUMBERS[property];
  return (
    <NumberField
      id={`${idPrefix}-${property}`}
      label={label}
      min={min}
      max={max}
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
};

/** Start values of every type's properties (the domain's defaults where it has them). */
export const EMPTY_PROPERTIES: RuleFormValues["properties"] = {
  taskFailureMode: "EVERY_TRY",
  deadline: "",
  timeZone: "UTC",
  daysOfWeek: DAYS.map(([day]) => day),
};

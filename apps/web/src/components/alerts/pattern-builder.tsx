"use client";

// Which DAGs and tasks a rule watches: rows of "DAG id / task id", an operator and ids or
// `*` globs, with the ids telemetry has seen offered as suggestions. No row: every DAG.
import { Button, FieldError, inputClass, Label } from "@skyport/ui";
import { useFieldArray } from "react-hook-form";
import { fieldMessage } from "./labels.ts";
import type { RuleForm } from "./rule-fields.tsx";

const ENTITIES = [
  { value: "DAG_ID", label: "DAG id" },
  { value: "TASK_ID", label: "Task id" },
] as const;

const OPERATORS = [
  { value: "IS", label: "is" },
  { value: "IS_NOT", label: "is not" },
  { value: "INCLUDES", label: "includes" },
  { value: "EXCLUDES", label: "excludes" },
] as const;

export interface SeenIds {
  dagIds: readonly string[];
  taskIds: readonly string[];
}

export function PatternBuilder({
  form,
  idPrefix,
  seen,
}: {
  form: RuleForm;
  idPrefix: string;
  seen: SeenIds;
}) {
  const { fields, append, remove } = useFieldArray({ control: form.control, name: "patterns" });
  const errors = form.formState.errors.patterns;
  const dagList = `${idPrefix}-seen-dags`;
  const taskList = `${idPrefix}-seen-tasks`;
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-fg">DAGs and tasks</legend>
      <p className="text-xs text-fg-muted">
        With no condition the rule watches every DAG. Separate several ids with commas; <code>*</code> matches
        any characters (e.g. <code>sales_*</code>).
        {seen.dagIds.length > 0
          ? ` Suggestions come from the ${seen.dagIds.length} DAG id(s) seen in telemetry.`
          : " No DAG has reported a run yet, so there are no suggestions."}
      </p>
      <datalist id={dagList}>
        {seen.dagIds.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
      <datalist id={taskList}>
        {seen.taskIds.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
      {fields.map((field, index) => {
        const id = `${idPrefix}-pattern-${index}`;
        const rowErrors = errors?.[index];
        const valuesError = fieldMessage(rowErrors?.values?.message, "Ids");
        const entity = form.watch(`patterns.${index}.entity`);
        return (
          <fieldset
            key={field.id}
            aria-label={`Condition ${index + 1}`}
            className="grid gap-2 rounded-md p-3 ring-1 ring-line ring-inset sm:grid-cols-[9rem_9rem_1fr_auto] sm:items-end"
          >
            <div>
              <Label htmlFor={`${id}-entity`}>Matches</Label>
              <select
                id={`${id}-entity`}
                className={`mt-1.5 ${inputClass}`}
                {...form.register(`patterns.${index}.entity`)}
              >
                {ENTITIES.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <Label htmlFor={`${id}-operator`}>Operator</Label>
              <select
                id={`${id}-operator`}
                className={`mt-1.5 ${inputClass}`}
                {...form.register(`patterns.${index}.operator`)}
              >
                {OPERATORS.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="min-w-0">
              <Label htmlFor={`${id}-values`}>Ids or * patterns</Label>
              <input
                id={`${id}-values`}
                list={entity === "TASK_ID" ? taskList : dagList}
                autoComplete="off"
                spellCheck={false}
                className={`mt-1.5 ${inputClass} font-mono`}
                aria-invalid={valuesError ? true : undefined}
                aria-describedby={valuesError ? `${id}-values-error` : undefined}
                {...form.register(`patterns.${index}.values`)}
              />
              <FieldError id={`${id}-values-error`} message={valuesError} />
            </div>
            <Button
              variant="secondary"
              onClick={() => remove(index)}
              aria-label={`Remove condition ${index + 1}`}
            >
              Remove
            </Button>
          </fieldset>
        );
      })}
      <Button variant="secondary" onClick={() => append({ entity: "DAG_ID", operator: "IS", values: "" })}>
        Add condition
      </Button>
      <FieldError
        id={`${idPrefix}-patterns-error`}
        message={fieldMessage(errors?.message, "DAGs and tasks")}
      />
    </fieldset>
  );
}

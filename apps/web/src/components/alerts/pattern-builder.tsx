"use client";

// Which DAGs and tasks a rule watches: rows of "DAG id / task id", an operator and ids or
// `*` globs, with the ids telemetry has seen offered as suggestions. No row: every DAG.
import { Button, FieldError, SelectField, TextField } from "@skyport/ui";
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

/** The ids as suggestions for an input (`list`). */
function Suggestions({ id, ids }: { id: string; ids: readonly string[] }) {
  return (
    <datalist id={id}>
      {ids.map((each) => (
        <option key={each} value={each} />
      ))}
    </datalist>
  );
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
      <Suggestions id={dagList} ids={seen.dagIds} />
      <Suggestions id={taskList} ids={seen.taskIds} />
      {fields.map((field, index) => {
        const id = `${idPrefix}-pattern-${index}`;
        const entity = form.watch(`patterns.${index}.entity`);
        return (
          <fieldset
            key={field.id}
            aria-label={`Condition ${index + 1}`}
            className="grid gap-2 rounded-md p-3 ring-1 ring-line ring-inset sm:grid-cols-[9rem_9rem_1fr_auto] sm:items-start"
          >
            <SelectField
              id={`${id}-entity`}
              label="Matches"
              options={ENTITIES}
              {...form.register(`patterns.${index}.entity`)}
            />
            <SelectField
              id={`${id}-operator`}
              label="Operator"
              options={OPERATORS}
              {...form.register(`patterns.${index}.operator`)}
            />
            <TextField
              id={`${id}-values`}
              label="Ids or * patterns"
              list={entity === "TASK_ID" ? taskList : dagList}
              autoComplete="off"
              spellCheck={false}
              controlClassName="font-mono"
              error={fieldMessage(errors?.[index]?.values?.message, "Ids")}
              {...form.register(`patterns.${index}.values`)}
            />
            <Button
              variant="secondary"
              className="sm:mt-7"
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

"use client";

import type { FormEvent } from "react";
import { useUrlFilters } from "@/components/filter-form.ts";
import { Button, buttonClasses, SelectField, TextField } from "@/components/forms.tsx";
import { type RunFilterValues, runFiltersToQuery } from "./run-filters.ts";

const RANGE = [
  { key: "from", label: "Active from (UTC)" },
  { key: "to", label: "Active to (UTC)" },
] as const;

/**
 * The runs list's filters: DAG, state and a time range on the run's latest activity. Applying
 * navigates with the filters in the URL, so a filtered view can be shared.
 */
export function RunFilterBar({
  basePath,
  filters,
  states,
}: {
  basePath: string;
  filters: RunFilterValues;
  states: readonly string[];
}) {
  const { values, set, apply: go, clear: reset } = useUrlFilters(basePath, filters, runFiltersToQuery);

  function apply(event: FormEvent) {
    event.preventDefault();
    go({ ...values, dagId: values.dagId.trim() });
  }

  function clear() {
    reset({ dagId: "", state: "", from: "", to: "" });
  }

  return (
    <form onSubmit={apply} aria-label="Filter DAG runs" className="px-5 py-4">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <TextField
          id="runs-dag"
          label="DAG"
          placeholder="dag id"
          value={values.dagId}
          onChange={set("dagId")}
        />
        <SelectField
          id="runs-state"
          label="State"
          options={[
            { value: "", label: "Any state" },
            ...states.map((state) => ({
              value: state,
              label: state.charAt(0) + state.slice(1).toLowerCase(),
            })),
          ]}
          value={values.state}
          onChange={set("state")}
        />
        {RANGE.map((field) => (
          <TextField
            key={field.key}
            id={`runs-${field.key}`}
            label={field.label}
            type="datetime-local"
            value={values[field.key]}
            onChange={set(field.key)}
          />
        ))}
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClasses.primary}>
            Apply
          </button>
          <Button variant="secondary" onClick={clear}>
            Clear
          </Button>
        </div>
      </div>
    </form>
  );
}

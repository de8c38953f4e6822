"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button, buttonClasses, SelectField, TextField } from "@/components/forms.tsx";
import { fromInputValue, toInputValue } from "@/components/time-format.ts";
import { type RunFilterValues, runFiltersToQuery } from "./run-filters.ts";

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
  const router = useRouter();
  const [values, setValues] = useState({
    ...filters,
    from: toInputValue(filters.from),
    to: toInputValue(filters.to),
  });
  const set = (key: keyof RunFilterValues) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [key]: event.target.value }));

  function apply(event: FormEvent) {
    event.preventDefault();
    const query = runFiltersToQuery({
      dagId: values.dagId.trim(),
      state: values.state,
      from: fromInputValue(values.from, "start"),
      to: fromInputValue(values.to, "end"),
    });
    router.push(query ? `${basePath}?${query}` : basePath);
  }

  function clear() {
    setValues({ dagId: "", state: "", from: "", to: "" });
    router.push(basePath);
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
        <TextField
          id="runs-from"
          label="Active from (UTC)"
          type="datetime-local"
          value={values.from}
          onChange={set("from")}
        />
        <TextField
          id="runs-to"
          label="Active to (UTC)"
          type="datetime-local"
          value={values.to}
          onChange={set("to")}
        />
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

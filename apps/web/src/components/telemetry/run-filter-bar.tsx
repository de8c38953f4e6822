"use client";

import { useUrlFilters } from "@/components/filter-form.ts";
import { FilterForm, type FilterTextField, FilterTextFields } from "@/components/filter-parts.tsx";
import { SelectField } from "@/components/forms.tsx";
import { type RunFilterValues, runFiltersToQuery } from "./run-filters.ts";

/** The form's text fields after the state: the DAG, then the time range. */
const TEXT_FIELDS: ReadonlyArray<FilterTextField<"dagId" | "from" | "to">> = [
  { key: "dagId", id: "runs-dag", label: "DAG", placeholder: "dag id" },
  { key: "from", id: "runs-from", label: "Active from (UTC)", type: "datetime-local" },
  { key: "to", id: "runs-to", label: "Active to (UTC)", type: "datetime-local" },
];

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

  return (
    <FilterForm
      label="Filter DAG runs"
      gridClass="sm:grid-cols-2 lg:grid-cols-5"
      applyLabel="Apply"
      onApply={() => go({ ...values, dagId: values.dagId.trim() })}
      onClear={() => reset({ dagId: "", state: "", from: "", to: "" })}
    >
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
      <FilterTextFields fields={TEXT_FIELDS} values={values} set={set} />
    </FilterForm>
  );
}

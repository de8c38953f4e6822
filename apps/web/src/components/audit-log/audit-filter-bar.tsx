"use client";

import { useUrlFilters } from "@/components/filter-form.ts";
import { FilterForm, type FilterTextField, FilterTextFields } from "@/components/filter-parts.tsx";
import { SelectField, TextField } from "@/components/forms.tsx";
import { type AuditFilterValues, filtersToQuery } from "./filters.ts";

type TextFilter = Exclude<keyof AuditFilterValues, "actorType">;

/** The free-text filters after "Action" and "Actor type", in the order the form shows them. */
const TEXT_FILTERS: ReadonlyArray<FilterTextField<TextFilter>> = [
  { key: "actorId", id: "filter-actor", label: "Actor id", placeholder: "user or token id" },
  {
    key: "targetType",
    id: "filter-target-type",
    label: "Target type",
    placeholder: "workspace, apiToken, …",
  },
  { key: "targetId", id: "filter-target", label: "Target id" },
  { key: "from", id: "filter-from", label: "From (UTC)", type: "datetime-local" },
  { key: "to", id: "filter-to", label: "To (UTC)", type: "datetime-local" },
];

const ACTOR_TYPES = [
  { value: "", label: "Anyone" },
  { value: "USER", label: "People" },
  { value: "API_TOKEN", label: "API tokens" },
  { value: "SYSTEM", label: "Skyport" },
];

/**
 * The filter form. Applying it navigates to the page with the filters in the URL, so the
 * view can be shared and the export link carries the same filters. Times are UTC, like
 * the table.
 */
export function AuditFilterBar({ basePath, filters }: { basePath: string; filters: AuditFilterValues }) {
  const { values, set, apply: go, clear: reset } = useUrlFilters(basePath, filters, filtersToQuery);

  function apply() {
    go({
      ...values,
      actorId: values.actorId.trim(),
      action: values.action.trim(),
      targetType: values.targetType.trim(),
      targetId: values.targetId.trim(),
    });
  }

  function clear() {
    reset({ actorId: "", actorType: "", action: "", targetType: "", targetId: "", from: "", to: "" });
  }

  return (
    <FilterForm
      label="Filter audit events"
      gridClass="sm:grid-cols-2 lg:grid-cols-4"
      applyLabel="Apply filters"
      onApply={apply}
      onClear={clear}
      after={
        <p id="filter-action-hint" className="text-xs text-fg-muted">
          An action matches exactly, or as a prefix when it ends with a dot (“workspace.” matches every
          workspace action). Tip: select an actor or a target in the table to filter by it.
        </p>
      }
    >
      <TextField
        id="filter-action"
        label="Action"
        placeholder="workspace. or workspace.create"
        value={values.action}
        onChange={set("action")}
        aria-describedby="filter-action-hint"
      />
      <SelectField
        id="filter-actor-type"
        label="Actor type"
        options={ACTOR_TYPES}
        value={values.actorType}
        onChange={set("actorType")}
      />
      <FilterTextFields fields={TEXT_FILTERS} values={values} set={set} />
    </FilterForm>
  );
}

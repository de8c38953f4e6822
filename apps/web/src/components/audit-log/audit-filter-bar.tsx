"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button, buttonClasses, inputClass } from "@/components/forms.tsx";
import { type AuditFilterValues, filtersToQuery } from "./filters.ts";

/** "2026-11-21T15:04:05.000Z" → "2026-11-21T15:04" for a datetime-local input, read as UTC. */
function toInputValue(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString().slice(0, 16);
}

function Field({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      <div className="mt-1">{children}</div>
    </div>
  );
}

/**
 * The filter form. Applying it navigates to the page with the filters in the URL, so the
 * view can be shared and the export link carries the same filters. Times are UTC, like
 * the table.
 */
export function AuditFilterBar({ basePath, filters }: { basePath: string; filters: AuditFilterValues }) {
  const router = useRouter();
  const [values, setValues] = useState({
    ...filters,
    from: toInputValue(filters.from),
    to: toInputValue(filters.to),
  });
  const set = (key: keyof AuditFilterValues) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [key]: event.target.value }));

  function apply(event: FormEvent) {
    event.preventDefault();
    const query = filtersToQuery({
      ...values,
      actorId: values.actorId.trim(),
      action: values.action.trim(),
      targetType: values.targetType.trim(),
      targetId: values.targetId.trim(),
      // datetime-local has minute precision: "to" includes its whole minute.
      from: values.from ? `${values.from}:00.000Z` : "",
      to: values.to ? `${values.to}:59.999Z` : "",
    });
    router.push(query ? `${basePath}?${query}` : basePath);
  }

  function clear() {
    setValues({ actorId: "", actorType: "", action: "", targetType: "", targetId: "", from: "", to: "" });
    router.push(basePath);
  }

  return (
    <form onSubmit={apply} aria-label="Filter audit events" className="space-y-4 px-5 py-4">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field id="filter-action" label="Action">
          <input
            id="filter-action"
            className={inputClass}
            placeholder="workspace. or workspace.create"
            value={values.action}
            onChange={set("action")}
            aria-describedby="filter-action-hint"
          />
        </Field>
        <Field id="filter-actor-type" label="Actor type">
          <select
            id="filter-actor-type"
            className={inputClass}
            value={values.actorType}
            onChange={set("actorType")}
          >
            <option value="">Anyone</option>
            <option value="USER">People</option>
            <option value="API_TOKEN">API tokens</option>
            <option value="SYSTEM">Skyport</option>
          </select>
        </Field>
        <Field id="filter-actor" label="Actor id">
          <input
            id="filter-actor"
            className={inputClass}
            placeholder="user or token id"
            value={values.actorId}
            onChange={set("actorId")}
          />
        </Field>
        <Field id="filter-target-type" label="Target type">
          <input
            id="filter-target-type"
            className={inputClass}
            placeholder="workspace, apiToken, …"
            value={values.targetType}
            onChange={set("targetType")}
          />
        </Field>
        <Field id="filter-target" label="Target id">
          <input
            id="filter-target"
            className={inputClass}
            value={values.targetId}
            onChange={set("targetId")}
          />
        </Field>
        <Field id="filter-from" label="From (UTC)">
          <input
            id="filter-from"
            type="datetime-local"
            className={inputClass}
            value={values.from}
            onChange={set("from")}
          />
        </Field>
        <Field id="filter-to" label="To (UTC)">
          <input
            id="filter-to"
            type="datetime-local"
            className={inputClass}
            value={values.to}
            onChange={set("to")}
          />
        </Field>
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClasses.primary}>
            Apply filters
          </button>
          <Button variant="secondary" onClick={clear}>
            Clear
          </Button>
        </div>
      </div>
      <p id="filter-action-hint" className="text-xs text-slate-600 dark:text-slate-400">
        An action matches exactly, or as a prefix when it ends with a dot (“workspace.” matches every
        workspace action). Tip: select an actor or a target in the table to filter by it.
      </p>
    </form>
  );
}

"use client";

import { Button } from "@skyport/ui";
import { asSentence, fieldId } from "../format.ts";
import { settingNote } from "../setting-note.ts";
import type { RuntimeCatalog } from "../types.ts";
import { patchAt, RowCard } from "./row-card.tsx";
import { type OverrideDraft, rowId } from "./spec-draft.ts";
import { RowInput } from "./spec-group.tsx";

export function OverridesEditor({
  catalog,
  runtimeVersion,
  overrides,
  onChange,
  errorOf,
}: {
  catalog: RuntimeCatalog;
  runtimeVersion: string;
  overrides: OverrideDraft[];
  onChange: (overrides: OverrideDraft[]) => void;
  errorOf: (path: string) => string | undefined;
}) {
  const update = (index: number, patch: Partial<OverrideDraft>) => onChange(patchAt(overrides, index, patch));

  return (
    <div className="space-y-3">
      {overrides.length === 0 ? (
        <p className="text-sm text-fg-muted">No overrides: Airflow's defaults apply.</p>
      ) : (
        <ul className="space-y-3">
          {overrides.map((row, index) => {
            const path = `spec.airflowConfigOverrides.${index}`;
            // The same reason the server gives: once it has said so next to the key, say it once.
            const typedNote = settingNote(catalog, runtimeVersion, row.section, row.key);
            const note = typedNote?.refused && errorOf(`${path}.key`) ? null : typedNote;
            const field = (leaf: "section" | "key" | "value", label: string, placeholder: string) => {
              const id = fieldId(`${path}.${leaf}`);
              const message = errorOf(`${path}.${leaf}`);
              return (
                <RowInput
                  label={label}
                  id={id}
                  error={message}
                  controlClassName="font-mono"
                  value={row[leaf]}
                  placeholder={placeholder}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(event) => update(index, { [leaf]: event.target.value })}
                  aria-invalid={message ? true : undefined}
                  aria-describedby={`${id}-error ${fieldId(path)}-note`}
                />
              );
            };
            return (
              <RowCard
                key={row.id}
                path={path}
                label={`Airflow setting ${index + 1}`}
                gridClass="sm:grid-cols-[minmax(0,1fr)_minmax(0,1.3fr)_minmax(0,1.3fr)_auto] sm:items-start"
                removeClass="sm:pt-6"
                removeLabel={`Remove Airflow setting ${index + 1}`}
                onRemove={() => onChange(overrides.filter((_, i) => i !== index))}
                error={errorOf(path)}
                after={
                  <p
                    id={`${fieldId(path)}-note`}
                    className={`mt-2 text-xs ${note?.refused ? "font-medium text-warning-fg" : "text-fg-muted"}`}
                  >
                    {note?.text ?? ""}
                  </p>
                }
              >
                {field("section", "Section", "core")}
                {field("key", "Key", "parallelism")}
                {field("value", "Value", "64")}
              </RowCard>
            );
          })}
        </ul>
      )}
      <Button
        variant="secondary"
        onClick={() => onChange([...overrides, { id: rowId(), section: "", key: "", value: "" }])}
      >
        Add setting
      </Button>
      <details className="text-sm text-fg-muted">
        <summary className="cursor-pointer font-medium text-link">
          Settings that cannot be overridden ({catalog.refusedSettings.length} and some patterns)
        </summary>
        <ul className="mt-2 max-h-64 space-y-1 overflow-y-auto rounded-md bg-surface-muted p-3 text-xs ring-1 ring-line ring-inset">
          {catalog.refusedPatterns.map((pattern) => (
            <li key={pattern}>{asSentence(pattern)}</li>
          ))}
          {catalog.refusedSettings.map((entry) => (
            <li key={`${entry.section}.${entry.key}`}>
              <code className="font-mono break-all">
                {entry.section}.{entry.key}
              </code>{" "}
              — {entry.reason}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

"use client";

import { FieldError, inputClass, type ServerError } from "@skyport/ui";
import { fieldId, messageFor } from "../format.ts";
import type { RuntimeCatalog } from "../types.ts";
import { emailEntries } from "./spec-draft.ts";
import { hintClass, labelClass } from "./spec-group.tsx";

export function ContactEmails({
  catalog,
  value,
  onChange,
  error,
}: {
  catalog: RuntimeCatalog;
  value: string;
  onChange: (value: string) => void;
  error: ServerError | null | undefined;
}) {
  const id = fieldId("spec.contactEmails");
  const entries = emailEntries(value);
  // Errors name entries by position; show the address each one is about.
  const problems = Object.entries(error?.data?.fieldErrors ?? {})
    .filter(([path]) => path === "spec.contactEmails" || path.startsWith("spec.contactEmails."))
    .map(([path]) => {
      const index = Number(path.split(".")[2]);
      const message = messageFor(error, path) ?? "";
      return Number.isInteger(index) ? `${entries[index] ?? `Entry ${index + 1}`}: ${message}` : message;
    });
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        Contact emails (optional)
      </label>
      <textarea
        id={id}
        rows={2}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={problems.length > 0 ? true : undefined}
        aria-describedby={`${id}-hint ${id}-error`}
        placeholder="data-team@example.com"
        className={`mt-1.5 font-mono ${inputClass}`}
      />
      <p id={`${id}-hint`} className={hintClass}>
        Who to contact about this deployment. Separate addresses with commas or new lines; up to{" "}
        {catalog.limits.maxContactEmails}.
      </p>
      <FieldError id={`${id}-error`} message={problems.join(" · ") || undefined} />
    </div>
  );
}

"use client";

import { FieldError, inputClass } from "@/components/forms.tsx";

/** An optional free-text description (up to 500 characters) with its error beside it. */
export function DescriptionField({
  id,
  label = "Description (optional)",
  value,
  onChange,
  error,
}: {
  id: string;
  label?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-900 dark:text-slate-100">
        {label}
      </label>
      <textarea
        id={id}
        rows={2}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={`mt-1.5 ${inputClass}`}
      />
      <p id={`${id}-hint`} className="mt-1.5 text-xs text-slate-600 dark:text-slate-400">
        What this is for, in a sentence. Up to 500 characters.
      </p>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

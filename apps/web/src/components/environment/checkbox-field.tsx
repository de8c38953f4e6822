"use client";

import type { ReactNode } from "react";
import { FieldError } from "@/components/forms.tsx";

/** A labelled checkbox with an optional hint and the server's error for it. */
export function CheckboxField({
  id,
  label,
  hint,
  error,
  checked,
  onChange,
  disabled,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div>
      <div className="flex items-start gap-2">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          disabled={disabled}
          onChange={(event) => onChange(event.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          className="mt-0.5 size-4 rounded border-line-strong text-sky-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
        />
        <label htmlFor={id} className="text-sm font-medium text-fg">
          {label}
        </label>
      </div>
      {hint ? (
        <div id={`${id}-hint`} className="mt-1 ml-6 text-xs text-fg-muted">
          {hint}
        </div>
      ) : null}
      <div className="ml-6">
        <FieldError id={`${id}-error`} message={error} />
      </div>
    </div>
  );
}

"use client";

import { asSentence } from "@skyport/domain/sentence";
import type { ComponentProps, ReactNode } from "react";
import { buttonClasses } from "./button-classes.ts";

export { buttonClasses };

/**
 * Form building blocks for console pages. Errors come from tRPC: `error.data.fieldErrors`
 * (by field name) for input the server refused, `error.message` for everything else.
 */
export interface ServerError {
  message: string;
  data?: { fieldErrors?: Record<string, string[] | undefined> | null } | null;
}

/** The server's message for one field, if it named that field. */
export function fieldError(error: ServerError | null | undefined, field: string): string | undefined {
  const message = error?.data?.fieldErrors?.[field]?.[0];
  // Shown next to the field itself, so "email: must be …" reads better as "Must be …".
  const bare = message?.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  return bare ? asSentence(bare) : undefined;
}

/** The message to show above the form when no field carries it. */
export function formError(error: ServerError | null | undefined, fields: string[]): string | undefined {
  if (!error) return undefined;
  const named = fields.some((field) => fieldError(error, field));
  return named ? undefined : error.message;
}

export const inputClass =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-sky-600 focus:outline-none disabled:bg-slate-50 disabled:text-slate-500 aria-[invalid=true]:ring-red-600 dark:bg-slate-950 dark:text-white dark:ring-slate-700 dark:disabled:bg-slate-900";

export function TextField({
  id,
  label,
  hint,
  error,
  ...input
}: { id: string; label: string; hint?: ReactNode; error?: string } & ComponentProps<"input">) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-900 dark:text-slate-100">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className={`mt-1.5 ${inputClass}`}
        {...input}
      />
      {hint ? (
        <div id={`${id}-hint`} className="mt-1.5 text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </div>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function SelectField({
  id,
  label,
  error,
  options,
  ...select
}: {
  id: string;
  label: string;
  error?: string;
  options: ReadonlyArray<{ value: string; label: string }>;
} & ComponentProps<"select">) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-900 dark:text-slate-100">
        {label}
      </label>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={`mt-1.5 ${inputClass}`}
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1.5 text-sm text-red-700 dark:text-red-400">
      {message}
    </p>
  );
}

/** A form-level error or notice, announced to screen readers. */
export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  // Domain messages are written lower-case to compose into sentences; shown alone, they start one.
  const sentence = asSentence(message);
  return (
    <div
      role="alert"
      className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-600/20 ring-inset dark:bg-red-950/50 dark:text-red-300 dark:ring-red-400/30"
    >
      {sentence}
    </div>
  );
}

export function FormNotice({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <div
      role="status"
      className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-600/20 ring-inset dark:bg-emerald-950/50 dark:text-emerald-300 dark:ring-emerald-400/30"
    >
      {message}
    </div>
  );
}

export function Button({
  variant = "primary",
  className,
  ...button
}: { variant?: keyof typeof buttonClasses } & ComponentProps<"button">) {
  return <button type="button" className={`${buttonClasses[variant]} ${className ?? ""}`} {...button} />;
}

import { FieldError, inputClass } from "@skyport/ui";
import type { ComponentProps, ReactNode } from "react";

// Shared look of the spec editor's groups and labels.
export const labelClass = "block text-sm font-medium text-fg";
export const hintClass = "mt-1.5 text-xs text-fg-muted";
export const smallLabelClass = "block text-xs font-medium text-fg-muted";

/** A small labelled input in a spec row (a worker queue's number, an Airflow setting) with its error under it. */
export function RowInput({
  label,
  id,
  error,
  controlClassName,
  ...input
}: {
  label: string;
  id: string;
  error?: string | undefined;
  /** Extra classes for the input (e.g. `font-mono`). */
  controlClassName?: string;
} & Omit<ComponentProps<"input">, "id" | "className">) {
  return (
    <div>
      <label htmlFor={id} className={smallLabelClass}>
        {label}
      </label>
      <input
        id={id}
        className={controlClassName ? `mt-1 ${controlClassName} ${inputClass}` : `mt-1 ${inputClass}`}
        {...input}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function Group({
  legend,
  description,
  children,
}: {
  legend: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <fieldset className="space-y-4 border-t border-line px-5 py-5 first:border-t-0">
      <legend className="float-left mb-1 w-full text-sm font-semibold text-fg">{legend}</legend>
      {description ? <p className="clear-both -mt-2 text-sm text-fg-muted">{description}</p> : null}
      <div className="clear-both space-y-4">{children}</div>
    </fieldset>
  );
}

export function ChoiceCard({
  name,
  value,
  checked,
  onChange,
  title,
  detail,
  describedBy,
}: {
  name: string;
  value: string;
  checked: boolean;
  onChange: () => void;
  title: string;
  detail: string;
  describedBy?: string;
}) {
  return (
    <label
      className={`flex cursor-pointer gap-3 rounded-lg px-4 py-3 text-sm ring-1 ring-inset has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-sky-600 ${
        checked ? "bg-accent-soft ring-info-line" : "bg-surface ring-line-strong hover:bg-surface-muted"
      }`}
    >
      <input
        type="radio"
        name={name}
        value={value}
        checked={checked}
        onChange={onChange}
        aria-describedby={describedBy}
        className="mt-0.5 size-4 accent-accent"
      />
      <span>
        <span className="block font-medium text-fg">{title}</span>
        <span className="block text-fg-muted">{detail}</span>
      </span>
    </label>
  );
}

import type { FormEvent, ReactNode } from "react";
import { Button, buttonClasses, FormError, TextField } from "@/components/forms.tsx";

/** Why a list's filters (from the URL) could not be applied, in the server's words. */
export function FilterRefusal({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <div className="px-5 pb-4">
      <FormError message={`These filters cannot be applied: ${message}`} />
    </div>
  );
}

/**
 * A list's filter form: its fields in a grid (`gridClass` sets the columns) ending with the
 * apply and clear buttons, `after` under it; submitting calls `onApply` instead of reloading.
 */
export function FilterForm({
  label,
  gridClass,
  applyLabel,
  onApply,
  onClear,
  children,
  after,
}: {
  label: string;
  gridClass: string;
  applyLabel: string;
  onApply: () => void;
  onClear: () => void;
  children: ReactNode;
  after?: ReactNode;
}) {
  function submit(event: FormEvent) {
    event.preventDefault();
    onApply();
  }
  return (
    <form onSubmit={submit} aria-label={label} className="space-y-4 px-5 py-4">
      <div className={`grid gap-3 ${gridClass}`}>
        {children}
        <FilterActions apply={applyLabel} onClear={onClear} />
      </div>
      {after}
    </form>
  );
}

/** A filter form's submit and clear buttons, at the end of its grid. */
function FilterActions({ apply, onClear }: { apply: string; onClear: () => void }) {
  return (
    <div className="flex items-end gap-2">
      <button type="submit" className={buttonClasses.primary}>
        {apply}
      </button>
      <Button variant="secondary" onClick={onClear}>
        Clear
      </Button>
    </div>
  );
}

export interface FilterTextField<K extends string> {
  key: K;
  id: string;
  label: string;
  type?: string;
  placeholder?: string;
}

/** A filter form's free-text (and date-time) fields, in order. */
export function FilterTextFields<K extends string>({
  fields,
  values,
  set,
}: {
  fields: ReadonlyArray<FilterTextField<K>>;
  values: Record<K, string>;
  set: (key: K) => (event: { target: { value: string } }) => void;
}) {
  return fields.map((field) => (
    <TextField
      key={field.key}
      id={field.id}
      label={field.label}
      type={field.type}
      placeholder={field.placeholder}
      value={values[field.key]}
      onChange={set(field.key)}
    />
  ));
}

import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn.ts";
import { asSentence } from "./text.ts";

export const inputClass =
  "block w-full min-w-0 rounded-md border-0 bg-surface px-3 py-2 text-sm text-fg shadow-sm ring-1 ring-line-strong ring-inset placeholder:text-fg-subtle focus:ring-2 focus:ring-focus focus:outline-none disabled:bg-surface-muted disabled:text-fg-subtle aria-[invalid=true]:ring-2 aria-[invalid=true]:ring-danger";

export function Label({
  htmlFor,
  children,
  className,
}: {
  htmlFor: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <label htmlFor={htmlFor} className={cn("block text-sm font-medium text-fg", className)}>
      {children}
    </label>
  );
}

/** A field's error, announced when it appears (every invalid field gets one at once). */
export function FieldError({ id, message }: { id: string; message?: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="mt-1.5 text-sm text-danger-fg">
      {asSentence(message)}
    </p>
  );
}

export function FieldHint({ id, children }: { id: string; children?: ReactNode }) {
  if (!children) return null;
  return (
    <div id={id} className="mt-1.5 text-xs text-fg-muted">
      {children}
    </div>
  );
}

/** The ids an input is described by: its hint and its error, when present. */
export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  /** Classes for the field's wrapper. */
  className?: string;
  /** Extra classes for the control itself (e.g. `font-mono` for keys and values). */
  controlClassName?: string;
}

/** The attributes that tie a control to its label, hint and error. */
function controlProps(id: string, hint: unknown, error: unknown, controlClassName?: string) {
  return {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(id, hint, error),
    className: cn("mt-1.5", inputClass, controlClassName),
  } as const;
}

/** A labelled control with its hint and error under it. */
function Field({ id, label, hint, error, className, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className={className}>
      <Label htmlFor={id}>{label}</Label>
      {children}
      <FieldHint id={`${id}-hint`}>{hint}</FieldHint>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** A field's props split into its wrapper's, its control's tie-in attributes and the control's own. */
function splitFieldProps<P extends FieldProps>({
  id,
  label,
  hint,
  error,
  className,
  controlClassName,
  ...own
}: P) {
  return {
    field: { id, label, hint, error, className },
    control: controlProps(id, hint, error, controlClassName),
    own,
  };
}

export function TextField(props: FieldProps & ComponentProps<"input">) {
  const { field, control, own } = splitFieldProps(props);
  return (
    <Field {...field}>
      <input {...control} {...own} />
    </Field>
  );
}

/** A whole number; the browser's spinner and keyboard, bounds from the domain. */
export function NumberField(props: FieldProps & Omit<ComponentProps<"input">, "type">) {
  return <TextField type="number" inputMode="numeric" step={1} {...props} />;
}

export function TextareaField(props: FieldProps & ComponentProps<"textarea">) {
  const { field, control, own } = splitFieldProps(props);
  return (
    <Field {...field}>
      <textarea {...control} {...own} />
    </Field>
  );
}

export function SelectField(
  props: FieldProps & { options: ReadonlyArray<{ value: string; label: string }> } & ComponentProps<"select">,
) {
  const {
    field,
    control,
    own: { options, ...select },
  } = splitFieldProps(props);
  return (
    <Field {...field}>
      <select {...control} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function CheckboxField({
  id,
  label,
  hint,
  error,
  className,
  ...input
}: FieldProps & Omit<ComponentProps<"input">, "type">) {
  return (
    <div className={className}>
      <div className="flex items-start gap-2.5">
        <input
          id={id}
          type="checkbox"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
          className="mt-0.5 size-4 shrink-0 rounded border-line-strong accent-accent"
          {...input}
        />
        <Label htmlFor={id} className="font-normal">
          {label}
        </Label>
      </div>
      <div className="pl-6.5">
        <FieldHint id={`${id}-hint`}>{hint}</FieldHint>
        <FieldError id={`${id}-error`} message={error} />
      </div>
    </div>
  );
}

export interface RadioCardOption {
  value: string;
  label: string;
  description?: ReactNode;
  disabled?: boolean;
}

/** A choice among a few options shown as cards (executor, size): a fieldset of radios. */
export function RadioCards({
  name,
  legend,
  options,
  value,
  onChange,
  error,
  hint,
  columns = 2,
}: {
  name: string;
  legend: string;
  options: readonly RadioCardOption[];
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  columns?: 2 | 3 | 4;
}) {
  const grid = { 2: "sm:grid-cols-2", 3: "sm:grid-cols-3", 4: "sm:grid-cols-2 lg:grid-cols-4" }[columns];
  return (
    <fieldset aria-describedby={describedBy(name, hint, error)} aria-invalid={error ? true : undefined}>
      <legend className="text-sm font-medium text-fg">{legend}</legend>
      <FieldHint id={`${name}-hint`}>{hint}</FieldHint>
      <div className={cn("mt-2 grid gap-3", grid)}>
        {options.map((option) => {
          const id = `${name}-${option.value}`;
          const checked = option.value === value;
          return (
            <label
              key={option.value}
              htmlFor={id}
              className={cn(
                "flex min-w-0 cursor-pointer gap-3 rounded-lg p-3 ring-1 ring-inset has-focus-visible:ring-2 has-focus-visible:ring-focus",
                checked ? "bg-accent-soft ring-accent" : "bg-surface ring-line-strong hover:bg-surface-muted",
                option.disabled && "cursor-not-allowed opacity-60",
              )}
            >
              <input
                id={id}
                type="radio"
                name={name}
                value={option.value}
                checked={checked}
                disabled={option.disabled}
                onChange={() => onChange(option.value)}
                className="mt-0.5 size-4 shrink-0 accent-accent"
              />
              <span className="min-w-0">
                <span className="block text-sm font-medium text-fg">{option.label}</span>
                {option.description ? (
                  <span className="mt-0.5 block text-xs text-fg-muted">{option.description}</span>
                ) : null}
              </span>
            </label>
          );
        })}
      </div>
      <FieldError id={`${name}-error`} message={error} />
    </fieldset>
  );
}

const formMessageClass = {
  error: "bg-danger-soft text-danger-fg ring-danger-line",
  notice: "bg-success-soft text-success-fg ring-success-line",
} as const;

/** A message for the whole form: an error as an alert, a success politely. */
function FormMessage({
  tone,
  message,
}: {
  tone: keyof typeof formMessageClass;
  message?: string | undefined;
}) {
  if (!message) return null;
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cn("rounded-md px-3 py-2 text-sm ring-1 ring-inset", formMessageClass[tone])}
    >
      {tone === "error" ? asSentence(message) : message}
    </div>
  );
}

/** A form-level error (what no field carries), announced. */
export function FormError({ message }: { message?: string | undefined }) {
  return <FormMessage tone="error" message={message} />;
}

/** A form-level success message, announced politely. */
export function FormNotice({ message }: { message?: string | undefined }) {
  return <FormMessage tone="notice" message={message} />;
}

import type { FormEvent, ReactNode } from "react";
import { buttonClasses } from "./button.tsx";
import { cn } from "./cn.ts";
import { FormError, FormNotice } from "./field.tsx";

/**
 * The frame every console form shares: the browser's own validation off (the schema and the
 * server mark every invalid field at once), the form-level error and notice on top, the fields,
 * and one submit button that says what it is doing while the request runs.
 */
export function FormShell({
  onSubmit,
  error,
  notice,
  submitLabel,
  pendingLabel,
  pending,
  disabled = false,
  block = false,
  className,
  children,
}: {
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  error?: string | undefined;
  notice?: string | undefined;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  disabled?: boolean;
  /** A full-width submit button, as the sign-in and sign-up cards have. */
  block?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(event);
      }}
      className={cn(block ? "space-y-5" : "space-y-4 px-5 py-4", className)}
      noValidate
    >
      <FormError message={error} />
      <FormNotice message={notice} />
      {children}
      <button
        type="submit"
        className={cn(buttonClasses.primary, block && "w-full")}
        disabled={pending || disabled}
      >
        {pending ? pendingLabel : submitLabel}
      </button>
    </form>
  );
}

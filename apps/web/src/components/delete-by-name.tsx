"use client";

import { type FormEvent, type ReactNode, useState } from "react";
import { Button, FormError, TextField } from "@/components/forms.tsx";

/**
 * Deleting asks for the object's name, typed out, so it is never a slip of the mouse. `children`
 * says what deleting removes; `onConfirmed` gets the name as typed (it matches).
 */
export function DeleteByName({
  name,
  noun,
  inputId,
  formLabel,
  formError,
  confirmError,
  pending,
  onConfirmed,
  children,
}: {
  name: string;
  /** What is deleted, for the button: "deployment" → "Delete deployment". */
  noun: string;
  inputId: string;
  formLabel?: string | undefined;
  formError: string | undefined;
  confirmError?: string | undefined;
  pending: boolean;
  onConfirmed: (typed: string) => void;
  children: ReactNode;
}) {
  const [typed, setTyped] = useState("");

  function submit(event: FormEvent) {
    event.preventDefault();
    if (typed === name) onConfirmed(typed);
  }

  return (
    <form onSubmit={submit} className="space-y-4 px-5 py-4" noValidate aria-label={formLabel}>
      <FormError message={formError} />
      <p className="text-sm text-fg">{children}</p>
      <div className="flex flex-wrap items-end gap-4">
        <div className="w-full max-w-sm">
          <TextField
            id={inputId}
            label={`Type “${name}” to confirm`}
            autoComplete="off"
            spellCheck={false}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            error={confirmError}
          />
        </div>
        <Button type="submit" variant="danger" disabled={typed !== name || pending}>
          {pending ? "Deleting…" : `Delete ${noun}`}
        </Button>
      </div>
    </form>
  );
}

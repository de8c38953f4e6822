"use client";

// What the alert forms share around their fields: the form-level error and success notice
// (as FormShell shows them) and the name input.
import { TextField } from "@skyport/ui";
import { type ComponentProps, useState } from "react";
import { fieldMessage } from "./labels.ts";

export function useFormMessages() {
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  return {
    /** Spread into FormShell. */
    shown: { error, notice },
    clear: () => {
      setError(undefined);
      setNotice(undefined);
    },
    fail: setError,
    succeed: setNotice,
  };
}

/** The resource's name; its message in the field's words. */
export function NameField({
  error,
  ...input
}: { error?: string | undefined } & ComponentProps<"input"> & { id: string }) {
  return (
    <TextField label="Name" required autoComplete="off" error={fieldMessage(error, "Name")} {...input} />
  );
}

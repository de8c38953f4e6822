"use client";

import { type ChangeEvent, useState } from "react";
import { fieldError, type ServerError } from "./server-error.ts";

type TextControl = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/**
 * Text inputs kept in React state. `bind(name, error)` gives a TextField (TextareaField, SelectField) its
 * id (the field's name unless another is given), value, change handler, and the server's
 * message for that field, so a form states each field once.
 */
export function useTextInputs<Name extends string>(initial: Record<Name, string>) {
  const [values, setValues] = useState(initial);
  const bind = (name: Name, error?: ServerError | null, id: string = name) => ({
    id,
    value: values[name],
    onChange: (event: ChangeEvent<TextControl>) => {
      const next = event.target.value;
      setValues((current) => ({ ...current, [name]: next }));
    },
    error: fieldError(error, name),
  });
  return { values, bind, setValues };
}

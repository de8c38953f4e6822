"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { type FieldValues, type Path, type UseFormProps, type UseFormReturn, useForm } from "react-hook-form";
import type { z } from "zod";
import { fieldError, formError, type ServerError } from "./server-error.ts";

/**
 * A form over a zod schema (the domain's, or one built from its limits): every invalid
 * field is marked at once on submit and focus moves to the first of them.
 */
export function useZodForm<Schema extends z.ZodType<FieldValues, FieldValues>>(
  schema: Schema,
  options: Omit<UseFormProps<z.input<Schema>, unknown, z.output<Schema>>, "resolver"> = {},
): UseFormReturn<z.input<Schema>, unknown, z.output<Schema>> {
  return useForm<z.input<Schema>, unknown, z.output<Schema>>({
    // biome-ignore lint/suspicious/noExplicitAny: the resolver's overloads cannot follow a generic schema
    resolver: zodResolver(schema as any) as any,
    mode: "onSubmit",
    reValidateMode: "onChange",
    shouldFocusError: true,
    ...options,
  });
}

/**
 * Puts what the server said on the fields it named (all of them) and focuses the first;
 * returns the message for the form itself when it named none of the form's fields.
 */
export function applyServerErrors<Values extends FieldValues>(
  form: Pick<UseFormReturn<Values, unknown, FieldValues>, "setError" | "setFocus">,
  error: ServerError,
  fields: readonly Path<Values>[],
): string | undefined {
  let first: Path<Values> | undefined;
  for (const field of fields) {
    const message = fieldError(error, field);
    if (!message) continue;
    form.setError(field, { type: "server", message });
    first ??= field;
  }
  if (first) form.setFocus(first);
  return formError(error, fields);
}

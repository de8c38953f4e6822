"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { type FieldValues, type Path, type UseFormProps, type UseFormReturn, useForm } from "react-hook-form";
import type * as zc from "zod/v4/core";
import { fieldError, formError, type ServerError } from "./server-error.ts";

/**
 * A form over a zod schema (the domain's, or one built from its limits; classic zod or
 * zod/mini): every invalid field is marked at once on submit and focus moves to the first.
 * Pass a loader (`() => import("./model.ts").then(...)`) instead of the schema to keep zod
 * out of the page's first-load JavaScript: it is fetched on the first submit.
 */
export function useZodForm<Schema extends zc.$ZodType<FieldValues, FieldValues>>(
  schema: Schema | (() => Promise<Schema>),
  options: Omit<UseFormProps<zc.input<Schema>, unknown, zc.output<Schema>>, "resolver"> = {},
): UseFormReturn<zc.input<Schema>, unknown, zc.output<Schema>> {
  return useForm<zc.input<Schema>, unknown, zc.output<Schema>>({
    resolver: async (values, context, resolverOptions) => {
      const resolved = typeof schema === "function" ? await schema() : schema;
      // biome-ignore lint/suspicious/noExplicitAny: the resolver's overloads cannot follow a generic schema
      return zodResolver(resolved as any)(values, context, resolverOptions as any) as any;
    },
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

/**
 * A registered field's props for TextField (and the other kit fields): the field's name as its
 * id, its message from validation or the server, and the registration itself.
 */
export function registeredField<Values extends FieldValues, Output>(
  form: Pick<UseFormReturn<Values, unknown, Output>, "register" | "formState">,
  name: Path<Values>,
) {
  const message = (form.formState.errors as Record<string, { message?: unknown } | undefined>)[name]?.message;
  return { id: name, error: typeof message === "string" ? message : undefined, ...form.register(name) };
}

/**
 * What the console gets back when the server refuses a request (a tRPC error):
 * `data.fieldErrors` by field name for input it refused, `message` for everything else.
 */
export interface ServerError {
  message: string;
  data?: { fieldErrors?: Record<string, string[] | undefined> | null } | null;
}

/** The server's message for one field, if it named that field (without repeating the field). */
export function fieldError(error: ServerError | null | undefined, field: string): string | undefined {
  const message = error?.data?.fieldErrors?.[field]?.[0];
  return message?.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}

/** The message to show above the form when no field carries it. */
export function formError(
  error: ServerError | null | undefined,
  fields: readonly string[],
): string | undefined {
  if (!error) return undefined;
  const named = fields.some((field) => fieldError(error, field));
  return named ? undefined : error.message;
}

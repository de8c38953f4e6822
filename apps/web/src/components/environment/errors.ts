// Which of the server's problems a form cannot put next to an input, so they go above it: the
// message of an error without field errors, and field errors for fields the form does not show
// (a list field's items, `linkedDeploymentIds.2`, count as shown with their list).
import type { ServerError } from "@/components/forms.tsx";

export function shownField(field: string, shown: readonly string[]): boolean {
  return shown.some((name) => field === name || field.startsWith(`${name}.`));
}

export function unplacedError(
  error: ServerError | null | undefined,
  shown: readonly string[],
): string | undefined {
  if (!error) return undefined;
  const fieldErrors = Object.entries(error.data?.fieldErrors ?? {}).filter(
    (entry): entry is [string, string[]] => Array.isArray(entry[1]) && entry[1].length > 0,
  );
  if (fieldErrors.length === 0) return error.message;
  const unplaced = fieldErrors.filter(([field]) => !shownField(field, shown));
  if (unplaced.length === 0) return undefined;
  // Server messages name their field ("port: must be …"), so they read on their own.
  return unplaced.map(([, messages]) => messages[0]).join("; ");
}

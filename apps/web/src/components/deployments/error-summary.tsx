"use client";

import { FormError, type ServerError } from "@/components/forms.tsx";
import { asSentence, describeField, fieldId } from "./format.ts";

/**
 * Above a long form: every problem the server found, each linking to its input, so nothing
 * is missed further down. Without field errors, the server's message on its own.
 */
export function ErrorSummary({ error }: { error: ServerError | null | undefined }) {
  if (!error) return null;
  const fieldErrors = Object.entries(error.data?.fieldErrors ?? {}).filter(
    (entry): entry is [string, string[]] => Array.isArray(entry[1]) && entry[1].length > 0,
  );
  if (fieldErrors.length === 0) return <FormError message={error.message} />;
  return (
    <div
      role="alert"
      className="rounded-md bg-danger-soft px-4 py-3 text-sm text-danger-fg ring-1 ring-danger-line ring-inset"
    >
      <p className="font-medium">
        {fieldErrors.length === 1 ? "One thing needs fixing:" : `${fieldErrors.length} things need fixing:`}
      </p>
      <ul className="mt-1.5 list-disc space-y-0.5 pl-5">
        {fieldErrors.map(([path, messages]) => {
          const message = messages[0] ?? "";
          const bare = message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
          return (
            <li key={path}>
              <a href={`#${fieldId(path)}`} className="font-medium underline underline-offset-2">
                {describeField(path)}
              </a>
              : {asSentence(bare)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

import type { z } from "zod";
import { type FieldIssue, ValidationError } from "./errors.ts";

/** Zod issues as field issues: dotted paths under `prefix`, unknown keys named one by one. */
export function fieldIssuesOf(error: z.ZodError, prefix = ""): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const base = [...(prefix ? [prefix] : []), ...issue.path.map(String)];
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        field: [...base, key].join("."),
        message: `${key} is not a known field`,
      }));
    }
    return [{ field: base.join("."), message: issue.message }];
  });
}

/**
 * Parses a value with a domain schema inside the domain (for inputs that did not come through
 * a contract, such as sign-up's organization name): every issue at once, as one ValidationError.
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, field = ""): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw ValidationError.of(fieldIssuesOf(parsed.error, field));
}

// Field parsers shared by environment variables, Airflow connections and variables. Each one
// appends what is wrong to `issues` instead of throwing, so a request learns every problem at
// once; messages never quote a value (it may be a secret).
import { formatBytes, MAX_VALUE_BYTES, utf8Bytes } from "@skyport/provisioning";
import { type FieldIssue, ValidationError } from "../shared/errors.ts";
import { parseDescription } from "../shared/names.ts";

/** A value to deliver: text of at most 64 KiB without NUL (which no environment can carry). */
export function parseValue(raw: unknown, field: string, issues: FieldIssue[]): string | undefined {
  if (typeof raw !== "string") {
    issues.push({ field, message: "must be text" });
    return undefined;
  }
  const bytes = utf8Bytes(raw);
  if (bytes > MAX_VALUE_BYTES) {
    issues.push({
      field,
      message: `is ${formatBytes(bytes)}; a value may be at most ${formatBytes(MAX_VALUE_BYTES)}`,
    });
    return undefined;
  }
  if (raw.includes("\u0000")) {
    issues.push({
      field,
      message: "must not contain NUL characters (an environment variable cannot hold them)",
    });
    return undefined;
  }
  return raw;
}

export function parseFlag(raw: unknown, field: string, issues: FieldIssue[]): boolean | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "boolean") {
    issues.push({ field, message: "must be true or false" });
    return undefined;
  }
  return raw;
}

/** A key or id: text, surrounding spaces removed. */
export function parseKeyText(raw: unknown, field: string, issues: FieldIssue[]): string | undefined {
  if (typeof raw !== "string") {
    issues.push({ field, message: "is required" });
    return undefined;
  }
  return raw.trim();
}

export function parseDescriptionField(raw: unknown, issues: FieldIssue[]): string | undefined {
  try {
    return parseDescription(raw);
  } catch (error) {
    if (error instanceof ValidationError) {
      issues.push(...error.issues);
      return undefined;
    }
    throw error;
  }
}

/** Throws every issue collected so far, if any. */
export function throwIssues(issues: readonly FieldIssue[]): void {
  if (issues.length > 0) throw ValidationError.of(issues);
}

type Present<T> = { [K in keyof T]: Exclude<T[K], undefined> };

/**
 * Throws every issue collected so far; otherwise returns the parsed fields, each present (every
 * parser here reports an issue whenever it returns undefined).
 */
export function validated<T extends Record<string, unknown>>(
  issues: readonly FieldIssue[],
  fields: T,
): Present<T> {
  throwIssues(issues);
  const missing = Object.keys(fields).filter((name) => fields[name] === undefined);
  if (missing.length > 0)
    throw new Error(`parsers returned nothing for ${missing.join(", ")} without an issue`);
  return fields as Present<T>;
}

/**
 * Which object a request names: by `id`, or by its key field (`key`, `connectionId`). Exactly one
 * must be non-empty text; an absent one must never reach a query, where Prisma would read it as
 * "any row".
 */
export function parseLookup<K extends string>(
  ref: { id?: unknown } & Partial<Record<K, unknown>>,
  keyField: K,
): { id: string } | Record<K, string> {
  const id = typeof ref.id === "string" && ref.id !== "" ? ref.id : undefined;
  const raw = ref[keyField];
  const key = typeof raw === "string" && raw !== "" ? raw : undefined;
  if ((id === undefined) === (key === undefined)) {
    throw new ValidationError(keyField, `give either id or ${keyField}`);
  }
  if (id !== undefined) return { id };
  return { [keyField]: key as string } as unknown as Record<K, string>;
}

// The fields environment variables, Airflow connections and variables share, as zod schemas
// with the messages people read. Each parse appends what is wrong to `issues` instead of
// throwing, so a request learns every problem at once; messages never quote a value (it may be
// a secret). Field names are given by the caller as the user typed them (`value`,
// `lines.3.value`, `entries.2.value`).
import { formatBytes, MAX_VALUE_BYTES, utf8Bytes } from "@skyport/provisioning";
import { type ZodType, z } from "zod";
import { type FieldIssue, ValidationError } from "../shared/errors.ts";
import { DESCRIPTION_MAX_LENGTH } from "../shared/fields.types.ts";

/** A value to deliver: text of at most 64 KiB without NUL (which no environment can carry). */
export const valueSchema = z.string({ error: "must be text" }).superRefine((raw, ctx) => {
  const bytes = utf8Bytes(raw);
  if (bytes > MAX_VALUE_BYTES) {
    ctx.addIssue({
      code: "custom",
      message: `is ${formatBytes(bytes)}; a value may be at most ${formatBytes(MAX_VALUE_BYTES)}`,
    });
  } else if (raw.includes("\u0000")) {
    ctx.addIssue({
      code: "custom",
      message: "must not contain NUL characters (an environment variable cannot hold them)",
    });
  }
});

/** A yes/no switch; absent means "as before" (or the default). */
export const flagSchema = z.boolean({ error: "must be true or false" }).optional();

/** A key or id: text, surrounding spaces removed. */
export const keyTextSchema = z.string({ error: "is required" }).transform((text) => text.trim());

/** A description: absent or null means none; trimmed. */
export const descriptionSchema = z
  .string({ error: "must be text" })
  .nullish()
  .transform((text) => (text ?? "").trim())
  .refine((text) => text.length <= DESCRIPTION_MAX_LENGTH, {
    message: `use at most ${DESCRIPTION_MAX_LENGTH} characters`,
  });

/**
 * Parses one field with its schema; on failure appends each problem as `field` (or
 * `field.<path>` for a part of it) and returns undefined.
 */
export function parseField<T extends ZodType>(
  schema: T,
  raw: unknown,
  field: string,
  issues: FieldIssue[],
): z.output<T> | undefined {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    issues.push({ field: [field, ...issue.path.map(String)].join("."), message: issue.message });
  }
  return undefined;
}

export function parseValue(raw: unknown, field: string, issues: FieldIssue[]): string | undefined {
  return parseField(valueSchema, raw, field, issues);
}

export function parseFlag(raw: unknown, field: string, issues: FieldIssue[]): boolean | undefined {
  return parseField(flagSchema, raw, field, issues);
}

export function parseKeyText(raw: unknown, field: string, issues: FieldIssue[]): string | undefined {
  return parseField(keyTextSchema, raw, field, issues);
}

export function parseDescriptionField(raw: unknown, issues: FieldIssue[]): string | undefined {
  return parseField(descriptionSchema, raw, "description", issues);
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
  const given = z.string().min(1).optional().catch(undefined);
  const id = given.parse(ref.id);
  const key = given.parse(ref[keyField]);
  if ((id === undefined) === (key === undefined)) {
    throw new ValidationError(keyField, `give either id or ${keyField}`);
  }
  if (id !== undefined) return { id };
  return { [keyField]: key as string } as unknown as Record<K, string>;
}

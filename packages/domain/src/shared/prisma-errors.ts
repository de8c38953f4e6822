/** Whether an error is PostgreSQL's unique violation as reported by Prisma (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Whether an error is a foreign-key restriction reported by Prisma (P2003). */
export function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2003";
}

/** Whether an error is Prisma's "the record to update or delete does not exist" (P2025): the row
 * was deleted after it was read (two requests racing). */
export function isRecordNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2025";
}

/**
 * Awaits a write, answering PostgreSQL's unique violation with the domain error `taken` gives
 * (e.g. "a channel named … already exists"); any other error passes through.
 */
export async function conflictOnUnique<T>(write: PromiseLike<T>, taken: () => Error): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}

/**
 * A Prisma string filter matching `value` exactly, ignoring case. Prisma turns
 * `{ equals, mode: "insensitive" }` into PostgreSQL's ILIKE, where `_` and `%` are wildcards
 * and a trailing `\` is an error, so they are escaped here: without it "a_c" clashed with
 * "abc" and a name ending in a backslash answered 500.
 */
export function equalsIgnoringCase(value: string): { equals: string; mode: "insensitive" } {
  return { equals: likeLiteral(value), mode: "insensitive" };
}

/** A Prisma string filter for text starting with `prefix` taken literally (Prisma's LIKE does not escape). */
export function startsWithLiteral(prefix: string): { startsWith: string } {
  return { startsWith: likeLiteral(prefix) };
}

function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, "\\$&");
}

import { NotFoundError } from "./errors.ts";

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
 * One row of an organization by its id (the organization taken from `ref`), or NotFoundError
 * naming `resource` (e.g. "alert rule"): `lookup` receives the WHERE clause carrying the tenant
 * floor and adds only what it selects.
 */
export async function findInOrganization<T>(
  resource: string,
  id: string,
  { organizationId }: { organizationId: string },
  lookup: (where: { id: string; organizationId: string }) => PromiseLike<T | null>,
): Promise<T> {
  const row = await lookup({ id, organizationId });
  if (!row) throw new NotFoundError(resource);
  return row;
}

/**
 * Deletes one row of an organization by its id, or NotFoundError naming `resource` when it is
 * already gone (a racing delete): `remove` receives the WHERE clause carrying the tenant floor.
 */
export async function deleteInOrganization(
  resource: string,
  id: string,
  { organizationId }: { organizationId: string },
  remove: (where: { id: string; organizationId: string }) => PromiseLike<{ count: number }>,
): Promise<void> {
  const { count } = await remove({ id, organizationId });
  if (count === 0) throw new NotFoundError(resource);
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

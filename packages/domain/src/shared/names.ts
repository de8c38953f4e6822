import type { TransactionClient } from "@skyport/db";
import { ConflictError, ValidationError } from "./errors.ts";
import { descriptionSchema } from "./fields.types.ts";
import { equalsIgnoringCase, isUniqueViolation } from "./prisma-errors.ts";

/** The columns of a named, described organization record (a workspace or a team). */
export const namedRecordFields = {
  id: true,
  organizationId: true,
  name: true,
  description: true,
  createdAt: true,
  updatedAt: true,
} as const;

/**
 * A free-text description (empty when absent), checked by `descriptionSchema`. For the
 * environment module's hand-assembled issues only; contracts use the schema itself.
 */
export function parseDescription(value: unknown, field = "description"): string {
  if (value === undefined || value === null) return "";
  const parsed = descriptionSchema.safeParse(value);
  if (!parsed.success) throw new ValidationError(field, parsed.error.issues[0]?.message ?? "is not valid");
  return parsed.data;
}

/**
 * Serialises name checks of one kind within an organization for the rest of the
 * transaction. Names are unique case-insensitively, which the database's plain unique
 * index cannot express, so "check then insert" must not interleave between transactions.
 */
export async function lockNamesOf(
  tx: TransactionClient,
  kind: string,
  organizationId: string,
): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`names:${kind}:${organizationId}`}, 0))`;
}

/**
 * Workspace and team names are unique per organization regardless of case. Holds the name
 * lock for the rest of the transaction, then refuses a clash (ignoring `exceptId`, the row
 * being renamed) with a ConflictError on `name`.
 */
export async function assertOrganizationNameFree(
  tx: TransactionClient,
  kind: "team" | "workspace",
  organizationId: string,
  name: string,
  exceptId?: string,
): Promise<void> {
  await lockNamesOf(tx, kind, organizationId);
  const where = {
    organizationId,
    name: equalsIgnoringCase(name),
    ...(exceptId ? { NOT: { id: exceptId } } : {}),
  };
  const clash =
    kind === "team"
      ? await tx.team.findFirst({ where, select: { id: true } })
      : await tx.workspace.findFirst({ where, select: { id: true } });
  if (clash) throw duplicateNameError(kind, name);
}

/** The refusal for a taken name (also raised when the database's unique index catches a race). */
export function duplicateNameError(kind: "team" | "workspace", name: string): ConflictError {
  return new ConflictError(`a ${kind} named “${name}” already exists in this organization`, "name");
}

/** A write's `.catch`: the database's unique index on the name becomes duplicateNameError. */
export function refuseDuplicateName(kind: "team" | "workspace", name: string) {
  return (error: unknown): never => {
    throw isUniqueViolation(error) ? duplicateNameError(kind, name) : error;
  };
}

/**
 * Applies an optional rename and description change to a workspace or team: keeps what was
 * not sent, and lists what actually changed (for the audit metadata).
 */
export function nameAndDescriptionChange(
  before: { name: string; description: string },
  input: { name?: string | undefined; description?: string | undefined },
): { name: string; description: string; changes: Record<string, { from: string; to: string }> } {
  const name = input.name ?? before.name;
  const description = input.description ?? before.description;
  const changes: Record<string, { from: string; to: string }> = {};
  if (name !== before.name) changes.name = { from: before.name, to: name };
  if (description !== before.description) changes.description = { from: before.description, to: description };
  return { name, description, changes };
}

/**
 * Renames and/or re-describes a workspace or team: a new name is checked free in the
 * organization (under the name lock), `write` stores the result, and a duplicate that raced in
 * is refused. Answers the written row and what changed (for the audit metadata).
 */
export async function renameNamedRecord<T>(
  tx: TransactionClient,
  kind: "team" | "workspace",
  before: { id: string; organizationId: string; name: string; description: string },
  input: { name?: string | undefined; description?: string | undefined },
  write: (data: { name: string; description: string }) => Promise<T>,
): Promise<{ row: T; changes: Record<string, { from: string; to: string }> }> {
  const { name, description, changes } = nameAndDescriptionChange(before, input);
  if (name !== before.name)
    await assertOrganizationNameFree(tx, kind, before.organizationId, name, before.id);
  const row = await write({ name, description }).catch(refuseDuplicateName(kind, name));
  return { row, changes };
}

/**
 * Creates a workspace or team: its name is checked free in the organization (under the name
 * lock), `write` stores the row (description empty when none was given), and a duplicate that
 * raced in is refused.
 */
export async function createNamedRecord<T>(
  tx: TransactionClient,
  kind: "team" | "workspace",
  input: { organizationId: string; name: string; description?: string | undefined },
  write: (data: { organizationId: string; name: string; description: string }) => Promise<T>,
): Promise<T> {
  const { organizationId, name, description = "" } = input;
  await assertOrganizationNameFree(tx, kind, organizationId, name);
  return write({ organizationId, name, description }).catch(refuseDuplicateName(kind, name));
}

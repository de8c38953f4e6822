import type { TransactionClient } from "@skyport/db";
import { ConflictError, ValidationError } from "./errors.ts";

export const NAME_MAX_LENGTH = 60;
export const DESCRIPTION_MAX_LENGTH = 500;

/** A display name (workspace, team): trimmed, 1 to 60 characters. */
export function parseName(value: unknown, field = "name"): string {
  if (typeof value !== "string") throw new ValidationError(field, "enter a name");
  const name = value.trim();
  if (name.length === 0) throw new ValidationError(field, "enter a name");
  if (name.length > NAME_MAX_LENGTH)
    throw new ValidationError(field, `use at most ${NAME_MAX_LENGTH} characters`);
  return name;
}

/** A free-text description: trimmed, at most 500 characters, empty when absent. */
export function parseDescription(value: unknown, field = "description"): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw new ValidationError(field, "must be text");
  const description = value.trim();
  if (description.length > DESCRIPTION_MAX_LENGTH)
    throw new ValidationError(field, `use at most ${DESCRIPTION_MAX_LENGTH} characters`);
  return description;
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
    name: { equals: name, mode: "insensitive" as const },
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

/**
 * Applies an optional rename and description change to a workspace or team: parses what was
 * sent, keeps what was not, and lists what actually changed (for the audit metadata).
 */
export function nameAndDescriptionChange(
  before: { name: string; description: string },
  input: { name?: unknown; description?: unknown },
): { name: string; description: string; changes: Record<string, { from: string; to: string }> } {
  const name = input.name === undefined ? before.name : parseName(input.name);
  const description =
    input.description === undefined ? before.description : parseDescription(input.description);
  const changes: Record<string, { from: string; to: string }> = {};
  if (name !== before.name) changes.name = { from: before.name, to: name };
  if (description !== before.description) changes.description = { from: before.description, to: description };
  return { name, description, changes };
}

// How Airflow connections are shown, and their sealed parts opened. The password is never shown
// (only whether one is set); extra fields named in secretExtraFields are shown as null. Callers
// who may only read names see the connection id, type and description, nothing else.
import type { z } from "zod";
import type { Db } from "../authz/authorize.ts";
import type { SecretBox } from "../secrets/types.ts";
import type { ConnectionExtra, ConnectionFields } from "./connection-fields.ts";
import type { ConnectionRow } from "./connection-rows.ts";
import type { airflowConnectionViewSchema } from "./environment.types.ts";
import type { ResolvedOwner } from "./scope.ts";

/** A connection as shown (see airflowConnectionViewSchema). */
export type AirflowConnectionView = z.infer<typeof airflowConnectionViewSchema>;

function target(row: ConnectionRow, field: "password" | "extra") {
  return {
    organizationId: row.organizationId,
    table: "AirflowConnection" as const,
    rowId: row.id,
    field,
    valueVersion: row.valueVersion,
  };
}

export async function openExtra(
  db: Db,
  secrets: SecretBox,
  row: ConnectionRow,
): Promise<ConnectionExtra | null> {
  if (!row.extraCiphertext) return null;
  return JSON.parse(await secrets.open(db, target(row, "extra"), row.extraCiphertext)) as ConnectionExtra;
}

export async function openPassword(db: Db, secrets: SecretBox, row: ConnectionRow): Promise<string | null> {
  if (!row.passwordCiphertext) return null;
  return secrets.open(db, target(row, "password"), row.passwordCiphertext);
}

/** Every delivered field in the clear: for delivery and for recomputing a changed connection. */
export async function openConnection(
  db: Db,
  secrets: SecretBox,
  row: ConnectionRow,
): Promise<ConnectionFields> {
  return {
    connType: row.connType,
    host: row.host,
    port: row.port,
    login: row.login,
    password: await openPassword(db, secrets, row),
    schema: row.schema,
    extra: await openExtra(db, secrets, row),
  };
}

function maskedExtra(extra: ConnectionExtra, secretFields: readonly string[]): ConnectionExtra {
  // fromEntries defines own properties, whatever the field is called.
  return Object.fromEntries(
    Object.entries(extra).map(([field, value]) => [field, secretFields.includes(field) ? null : value]),
  );
}

/** The view of a row; `extra` is the opened extra when the caller already has it. */
export async function connectionView(
  db: Db,
  secrets: SecretBox,
  row: ConnectionRow,
  owner: Pick<ResolvedOwner, "canSeeValues">,
  extra?: ConnectionExtra | null,
): Promise<AirflowConnectionView> {
  const shows = owner.canSeeValues;
  const opened = shows ? (extra === undefined ? await openExtra(db, secrets, row) : extra) : null;
  const passwordSet = row.passwordCiphertext !== null;
  return {
    id: row.id,
    scope: row.scope,
    workspaceId: row.workspaceId,
    deploymentId: row.deploymentId,
    connectionId: row.connectionId,
    connType: row.connType,
    description: row.description,
    host: shows ? row.host : null,
    port: shows ? row.port : null,
    login: shows ? row.login : null,
    schema: shows ? row.schema : null,
    password: null,
    passwordSet,
    extra: opened ? maskedExtra(opened, row.secretExtraFields) : null,
    secretExtraFields: row.secretExtraFields,
    masked: !shows || passwordSet || row.secretExtraFields.length > 0,
    valueVersion: row.valueVersion,
    linkAllDeployments: row.linkAllDeployments,
    linkedDeploymentIds: row.linkedDeploymentIds,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

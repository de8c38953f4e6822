// The only code touching the AirflowConnection table.

import type { Prisma } from "@skyport/db";
import type { Db } from "../authz/authorize.ts";
import { type Keyset, keysetArgs } from "../shared/pagination.ts";
import { equalsIgnoringCase } from "../shared/prisma-errors.ts";
import { ownerColumns, type ResolvedOwner } from "./scope.ts";
import { OWNED_ROW_FIELDS, unchangedSince, VERSIONED_ROW_FIELDS } from "./stored-rows.ts";

export const CONNECTION_FIELDS = {
  ...OWNED_ROW_FIELDS,
  connectionId: true,
  connType: true,
  description: true,
  host: true,
  port: true,
  login: true,
  schema: true,
  passwordCiphertext: true,
  extraCiphertext: true,
  secretExtraFields: true,
  ...VERSIONED_ROW_FIELDS,
} as const;

export type ConnectionRow = Prisma.AirflowConnectionGetPayload<{ select: typeof CONNECTION_FIELDS }>;

export type ConnectionLookup = { id: string } | { connectionId: string };

/** One page of the scope's connections in connection id order (see page.ts), one row more than the page. */
export function listConnectionsPage(
  db: Db,
  organizationId: string,
  scopeId: string,
  page: Keyset,
): Promise<ConnectionRow[]> {
  const { where, ...rest } = keysetArgs(page, "connectionId");
  return db.airflowConnection.findMany({
    where: { organizationId, scopeId, ...where },
    select: CONNECTION_FIELDS,
    ...rest,
  });
}

export function findConnection(
  db: Db,
  organizationId: string,
  scopeId: string,
  lookup: ConnectionLookup,
): Promise<ConnectionRow | null> {
  return db.airflowConnection.findFirst({
    where: {
      organizationId,
      scopeId,
      ...("id" in lookup ? { id: lookup.id } : { connectionId: lookup.connectionId }),
    },
    select: CONNECTION_FIELDS,
  });
}

/** A connection of the scope whose id equals `connectionId` ignoring case (Airflow's view). */
export function findConnectionIgnoringCase(
  db: Db,
  scopeId: string,
  connectionId: string,
): Promise<{ connectionId: string } | null> {
  return db.airflowConnection.findFirst({
    where: { scopeId, connectionId: equalsIgnoringCase(connectionId) },
    select: { connectionId: true },
  });
}

/** Writes a new connection filed under its owner. */
export function createConnection(
  db: Db,
  owner: ResolvedOwner,
  data: Omit<Prisma.AirflowConnectionUncheckedCreateInput, keyof ReturnType<typeof ownerColumns>>,
): Promise<ConnectionRow> {
  return db.airflowConnection.create({
    data: { ...ownerColumns(owner), ...data },
    select: CONNECTION_FIELDS,
  });
}

/** Writes only if nobody changed the row since it was read (its valueVersion and updatedAt). */
export async function updateConnectionIfUnchanged(
  db: Db,
  row: ConnectionRow,
  data: Prisma.AirflowConnectionUncheckedUpdateManyInput,
): Promise<ConnectionRow | null> {
  const written = await db.airflowConnection.updateMany({
    where: unchangedSince(row),
    data,
  });
  if (written.count !== 1) return null;
  return db.airflowConnection.findUniqueOrThrow({ where: { id: row.id }, select: CONNECTION_FIELDS });
}

export async function deleteConnection(db: Db, row: ConnectionRow): Promise<void> {
  await db.airflowConnection.deleteMany({ where: { id: row.id, organizationId: row.organizationId } });
}

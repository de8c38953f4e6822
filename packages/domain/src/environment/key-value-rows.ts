// The only code touching the EnvironmentVariable and AirflowVariable tables. The two hold the
// same kind of object (a key, a sealed value, a secret flag, workspace links), so one interface
// serves both; Airflow variables also carry a description.

import type { EnvironmentScope } from "@skyport/db";
import type { Db } from "../authz/authorize.ts";
import { type Keyset, keysetArgs } from "../shared/pagination.ts";
import { equalsIgnoringCase } from "../shared/prisma-errors.ts";
import { OWNED_ROW_FIELDS, unchangedSince, VERSIONED_ROW_FIELDS } from "./stored-rows.ts";

export type KeyValueTableName = "EnvironmentVariable" | "AirflowVariable";

export interface KeyValueRow {
  id: string;
  organizationId: string;
  workspaceId: string;
  scope: EnvironmentScope;
  deploymentId: string | null;
  scopeId: string;
  key: string;
  /** Always "" for environment variables, which have none. */
  description: string;
  isSecret: boolean;
  valueCiphertext: Uint8Array<ArrayBuffer>;
  valueVersion: number;
  deliveredBytes: number;
  linkAllDeployments: boolean;
  linkedDeploymentIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** A new row: everything but the timestamps the database sets. */
export type KeyValueCreate = Omit<KeyValueRow, "createdAt" | "updatedAt">;

export type KeyValueChange = Partial<
  Pick<
    KeyValueCreate,
    | "description"
    | "isSecret"
    | "valueCiphertext"
    | "valueVersion"
    | "deliveredBytes"
    | "linkAllDeployments"
    | "linkedDeploymentIds"
  >
>;

/** Which row: by id or by key, always within the owner's scope and organization. */
export type KeyValueLookup = { id: string } | { key: string };

export interface KeyValueTable {
  readonly name: KeyValueTableName;
  /** One page of the scope's rows in key order (see page.ts), one row more than the page. */
  listPage(db: Db, organizationId: string, scopeId: string, page: Keyset): Promise<KeyValueRow[]>;
  find(db: Db, organizationId: string, scopeId: string, lookup: KeyValueLookup): Promise<KeyValueRow | null>;
  /** Rows of the scope whose key is one of `keys` exactly. */
  findKeys(db: Db, scopeId: string, keys: string[]): Promise<KeyValueRow[]>;
  /** Rows of the scope whose key equals one of `keys` ignoring case. */
  findKeysIgnoringCase(db: Db, scopeId: string, keys: string[]): Promise<KeyValueRow[]>;
  create(db: Db, data: KeyValueCreate): Promise<KeyValueRow>;
  /** Writes only if nobody changed the row since it was read (its valueVersion and updatedAt). */
  updateIfUnchanged(db: Db, row: KeyValueRow, change: KeyValueChange): Promise<KeyValueRow | null>;
  delete(db: Db, row: KeyValueRow): Promise<void>;
}

const COMMON_FIELDS = {
  ...OWNED_ROW_FIELDS,
  key: true,
  isSecret: true,
  valueCiphertext: true,
  ...VERSIONED_ROW_FIELDS,
} as const;

function lookupWhere(organizationId: string, scopeId: string, lookup: KeyValueLookup) {
  return { organizationId, scopeId, ...("id" in lookup ? { id: lookup.id } : { key: lookup.key }) };
}

function ignoringCase(scopeId: string, keys: string[]) {
  return { scopeId, OR: keys.map((key) => ({ key: equalsIgnoringCase(key) })) };
}

export const ENVIRONMENT_VARIABLES: KeyValueTable = {
  name: "EnvironmentVariable",
  async listPage(db, organizationId, scopeId, page) {
    const { where, ...rest } = keysetArgs(page, "key");
    const rows = await db.environmentVariable.findMany({
      where: { organizationId, scopeId, ...where },
      select: COMMON_FIELDS,
      ...rest,
    });
    return rows.map((row) => ({ ...row, description: "" }));
  },
  async find(db, organizationId, scopeId, lookup) {
    const row = await db.environmentVariable.findFirst({
      where: lookupWhere(organizationId, scopeId, lookup),
      select: COMMON_FIELDS,
    });
    return row ? { ...row, description: "" } : null;
  },
  async findKeys(db, scopeId, keys) {
    if (keys.length === 0) return [];
    const rows = await db.environmentVariable.findMany({
      where: { scopeId, key: { in: keys } },
      select: COMMON_FIELDS,
    });
    return rows.map((row) => ({ ...row, description: "" }));
  },
  async findKeysIgnoringCase(db, scopeId, keys) {
    if (keys.length === 0) return [];
    const rows = await db.environmentVariable.findMany({
      where: ignoringCase(scopeId, keys),
      select: COMMON_FIELDS,
    });
    return rows.map((row) => ({ ...row, description: "" }));
  },
  async create(db, { description: _none, ...data }) {
    const row = await db.environmentVariable.create({ data, select: COMMON_FIELDS });
    return { ...row, description: "" };
  },
  async updateIfUnchanged(db, row, { description: _none, ...change }) {
    const written = await db.environmentVariable.updateMany({
      where: unchangedSince(row),
      data: change,
    });
    if (written.count !== 1) return null;
    const updated = await db.environmentVariable.findUniqueOrThrow({
      where: { id: row.id },
      select: COMMON_FIELDS,
    });
    return { ...updated, description: "" };
  },
  async delete(db, row) {
    await db.environmentVariable.deleteMany({ where: { id: row.id, organizationId: row.organizationId } });
  },
};

const VARIABLE_FIELDS = { ...COMMON_FIELDS, description: true } as const;

export const AIRFLOW_VARIABLES: KeyValueTable = {
  name: "AirflowVariable",
  listPage(db, organizationId, scopeId, page) {
    const { where, ...rest } = keysetArgs(page, "key");
    return db.airflowVariable.findMany({
      where: { organizationId, scopeId, ...where },
      select: VARIABLE_FIELDS,
      ...rest,
    });
  },
  find(db, organizationId, scopeId, lookup) {
    return db.airflowVariable.findFirst({
      where: lookupWhere(organizationId, scopeId, lookup),
      select: VARIABLE_FIELDS,
    });
  },
  async findKeys(db, scopeId, keys) {
    if (keys.length === 0) return [];
    return db.airflowVariable.findMany({ where: { scopeId, key: { in: keys } }, select: VARIABLE_FIELDS });
  },
  async findKeysIgnoringCase(db, scopeId, keys) {
    if (keys.length === 0) return [];
    return db.airflowVariable.findMany({ where: ignoringCase(scopeId, keys), select: VARIABLE_FIELDS });
  },
  create(db, data) {
    return db.airflowVariable.create({ data, select: VARIABLE_FIELDS });
  },
  async updateIfUnchanged(db, row, change) {
    const written = await db.airflowVariable.updateMany({
      where: unchangedSince(row),
      data: change,
    });
    if (written.count !== 1) return null;
    return db.airflowVariable.findUniqueOrThrow({ where: { id: row.id }, select: VARIABLE_FIELDS });
  },
  async delete(db, row) {
    await db.airflowVariable.deleteMany({ where: { id: row.id, organizationId: row.organizationId } });
  },
};

import type { SealedTable } from "./types.ts";

/** A column holding sealed values, with the field name bound into their associated data. */
export interface SealedColumn {
  table: SealedTable;
  field: string;
  /** May be NULL (an Airflow connection without a password): such rows hold no value. */
  column: string;
}

/**
 * Every column in Skyport that holds a sealed value: the one list data-key rotation walks
 * and seal/open validate targets against. A new secret column is added here, or rotation
 * would leave its values on a retired key. Every table here also has "id",
 * "organizationId" and "valueVersion" columns.
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: "EnvironmentVariable", field: "value", column: "valueCiphertext" },
  { table: "AirflowConnection", field: "password", column: "passwordCiphertext" },
  { table: "AirflowConnection", field: "extra", column: "extraCiphertext" },
  { table: "AirflowVariable", field: "value", column: "valueCiphertext" },
  { table: "DeploymentBundleCredential", field: "value", column: "valueCiphertext" },
  { table: "IngestToken", field: "value", column: "valueCiphertext" },
];

export function sealedColumn(table: string, field: string): SealedColumn | undefined {
  return SEALED_COLUMNS.find((entry) => entry.table === table && entry.field === field);
}

/**
 * SQL matching the column's values whose data-key version (bytes 2-5 of the sealed format)
 * is, or is not, the parameter at `$index`. Identifiers come only from SEALED_COLUMNS.
 */
export function versionCondition(entry: SealedColumn, operator: "=" | "<>", index: number): string {
  return `"${entry.column}" IS NOT NULL AND substring("${entry.column}" from 2 for 4) ${operator} $${index}`;
}

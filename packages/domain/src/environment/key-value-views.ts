// How environment variables and Airflow variables are shown. Secret values are never shown to
// anyone: `value` is null and `masked` true. Callers who may only read names (WORKSPACE_MEMBER)
// see every value masked. Everyone else sees non-secret values, opened from their sealed form.
import type { z } from "zod";
import type { Db } from "../authz/authorize.ts";
import type { SecretBox } from "../secrets/types.ts";
import type { airflowVariableViewSchema, keyValueViewSchema } from "./environment.types.ts";
import type { KeyValueRow, KeyValueTableName } from "./key-value-rows.ts";
import type { ResolvedOwner } from "./scope.ts";

/** An environment variable or Airflow variable as shown (see keyValueViewSchema). */
export type KeyValueView = z.infer<typeof keyValueViewSchema>;

export type EnvironmentVariableView = KeyValueView;

export type AirflowVariableView = z.infer<typeof airflowVariableViewSchema>;

/** Whether this caller gets to see the row's value. */
export function showsValue(row: Pick<KeyValueRow, "isSecret">, owner: Pick<ResolvedOwner, "canSeeValues">) {
  return owner.canSeeValues && !row.isSecret;
}

/**
 * The view of a row. `plaintext` is the value when the caller just wrote it; otherwise a shown
 * value is opened here.
 */
export async function keyValueView(
  db: Db,
  secrets: SecretBox,
  table: KeyValueTableName,
  row: KeyValueRow,
  owner: Pick<ResolvedOwner, "canSeeValues">,
  plaintext?: string,
): Promise<KeyValueView & { description: string }> {
  let value: string | null = null;
  if (showsValue(row, owner)) {
    value =
      plaintext ??
      (await secrets.open(
        db,
        {
          organizationId: row.organizationId,
          table,
          rowId: row.id,
          field: "value",
          valueVersion: row.valueVersion,
        },
        row.valueCiphertext,
      ));
  }
  return {
    id: row.id,
    scope: row.scope,
    workspaceId: row.workspaceId,
    deploymentId: row.deploymentId,
    key: row.key,
    description: row.description,
    isSecret: row.isSecret,
    value,
    masked: value === null,
    valueVersion: row.valueVersion,
    linkAllDeployments: row.linkAllDeployments,
    linkedDeploymentIds: row.linkedDeploymentIds,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The views of the rows a bulk change created and updated, for its answer. */
export async function changedViews<View>(
  created: KeyValueRow[],
  updated: KeyValueRow[],
  view: (row: KeyValueRow) => Promise<View>,
): Promise<{ created: View[]; updated: View[] }> {
  return { created: await Promise.all(created.map(view)), updated: await Promise.all(updated.map(view)) };
}

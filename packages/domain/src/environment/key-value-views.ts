// How environment variables and Airflow variables are shown. Secret values are never shown to
// anyone: `value` is null and `masked` true. Callers who may only read names (WORKSPACE_MEMBER)
// see every value masked. Everyone else sees non-secret values, opened from their sealed form.
import type { EnvironmentScope } from "@skyport/db";
import type { Db } from "../authz/authorize.ts";
import type { SecretBox } from "../secrets/types.ts";
import type { KeyValueRow, KeyValueTableName } from "./key-value-rows.ts";
import type { ResolvedOwner } from "./scope.ts";

export interface KeyValueView {
  id: string;
  scope: EnvironmentScope;
  workspaceId: string;
  /** Set for DEPLOYMENT scope. */
  deploymentId: string | null;
  key: string;
  isSecret: boolean;
  /** The value, or null when masked. */
  value: string | null;
  /** True when the value is withheld: it is secret, or the caller may see names only. */
  masked: boolean;
  /** Bumped on every value change. */
  valueVersion: number;
  /** WORKSPACE scope: delivered to all of the workspace's deployments... */
  linkAllDeployments: boolean;
  /** ...or to these. */
  linkedDeploymentIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

export type EnvironmentVariableView = KeyValueView;

export interface AirflowVariableView extends KeyValueView {
  description: string;
}

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

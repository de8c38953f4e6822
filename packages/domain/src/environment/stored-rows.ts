// What the environment's three tables (environment variables, Airflow variables, Airflow
// connections) share: every row is filed under an owner, versioned by its sealed value, linked
// to deployments, and written only if nobody changed it since it was read.

/** The columns every environment row is read with, around its own. */
export const OWNED_ROW_FIELDS = {
  id: true,
  organizationId: true,
  workspaceId: true,
  scope: true,
  deploymentId: true,
  scopeId: true,
} as const;

export const VERSIONED_ROW_FIELDS = {
  valueVersion: true,
  deliveredBytes: true,
  linkAllDeployments: true,
  linkedDeploymentIds: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** The `where` of an optimistic write: the row as it was read (its valueVersion and updatedAt). */
export function unchangedSince(row: {
  id: string;
  organizationId: string;
  valueVersion: number;
  updatedAt: Date;
}) {
  return {
    id: row.id,
    organizationId: row.organizationId,
    valueVersion: row.valueVersion,
    updatedAt: row.updatedAt,
  };
}

// The effective environment of a deployment: the workspace objects linked to it (to all of the
// workspace's deployments, or to it by id), overridden by the deployment's own objects that are
// delivered under the same name. The ONE place this rule lives: delivery to the cluster, the
// "what does this deployment receive" read and the Secret size check all call it.
import type { EnvironmentScope } from "@skyport/db";
import { type EnvironmentEntryKind, environmentName } from "@skyport/provisioning";
import type { Db } from "../authz/authorize.ts";

/** What deciding delivery needs of a row: no values. */
export interface EnvironmentRowIdentity {
  kind: EnvironmentEntryKind;
  id: string;
  /** Variable name, connection id or Airflow variable key. */
  key: string;
  scope: EnvironmentScope;
  deploymentId: string | null;
  linkAllDeployments: boolean;
  linkedDeploymentIds: string[];
  valueVersion: number;
  deliveredBytes: number;
}

export interface EffectiveEnvironment<Row extends EnvironmentRowIdentity = EnvironmentRowIdentity> {
  /** Delivered, by environment variable name. */
  delivered: Row[];
  /** Workspace objects that would reach the deployment but are replaced by its own. */
  overridden: Row[];
  /** Bytes the delivered objects add to the Secret (names and values). */
  bytes: number;
}

/** Whether a workspace-scope row reaches the deployment. */
export function reachesDeployment(row: EnvironmentRowIdentity, deploymentId: string): boolean {
  if (row.scope === "DEPLOYMENT") return row.deploymentId === deploymentId;
  return row.linkAllDeployments || row.linkedDeploymentIds.includes(deploymentId);
}

/**
 * Applies the linking and override rules to rows of one workspace. Rows are grouped by the
 * environment variable they are delivered as (Airflow upper-cases connection ids and variable
 * keys, so `my_db` on the deployment replaces `MY_DB` on the workspace).
 */
export function selectEffective<Row extends EnvironmentRowIdentity>(
  rows: readonly Row[],
  deploymentId: string,
): EffectiveEnvironment<Row> {
  const byName = new Map<string, Row>();
  const overridden: Row[] = [];
  const reaching = rows.filter((row) => reachesDeployment(row, deploymentId));
  // Workspace rows first, so the deployment's own rows replace them.
  const ordered = [
    ...reaching.filter((row) => row.scope === "WORKSPACE"),
    ...reaching.filter((row) => row.scope === "DEPLOYMENT"),
  ];
  for (const row of ordered) {
    const name = environmentName(row.kind, row.key);
    const previous = byName.get(name);
    if (previous) overridden.push(previous);
    byName.set(name, row);
  }
  const delivered = [...byName.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => row);
  return {
    delivered,
    overridden,
    bytes: delivered.reduce((sum, row) => sum + row.deliveredBytes, 0),
  };
}

const IDENTITY = {
  id: true,
  scope: true,
  deploymentId: true,
  linkAllDeployments: true,
  linkedDeploymentIds: true,
  valueVersion: true,
  deliveredBytes: true,
} as const;

/** Every environment object of a workspace and of its deployments, without values. */
export async function loadWorkspaceIdentities(
  db: Db,
  organizationId: string,
  workspaceId: string,
): Promise<EnvironmentRowIdentity[]> {
  const where = { organizationId, workspaceId };
  const [variables, connections, airflowVariables] = await Promise.all([
    db.environmentVariable.findMany({ where, select: { ...IDENTITY, key: true } }),
    db.airflowConnection.findMany({ where, select: { ...IDENTITY, connectionId: true } }),
    db.airflowVariable.findMany({ where, select: { ...IDENTITY, key: true } }),
  ]);
  return [
    ...variables.map((row) => ({ ...row, kind: "environmentVariable" as const })),
    ...connections.map(({ connectionId, ...row }) => ({
      ...row,
      key: connectionId,
      kind: "airflowConnection" as const,
    })),
    ...airflowVariables.map((row) => ({ ...row, kind: "airflowVariable" as const })),
  ];
}

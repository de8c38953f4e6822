// Every deployment's environment must fit in one Kubernetes Secret (1 MiB). Checked inside the
// writing transaction, after the write, for each deployment the change reaches: a refusal rolls
// the whole change back. Sizes come from each row's deliveredBytes, so no value is opened.
import { formatBytes, MAX_ENVIRONMENT_BYTES } from "@skyport/provisioning";
import type { Db } from "../authz/authorize.ts";
import { ValidationError } from "../shared/errors.ts";
import { loadWorkspaceIdentities, selectEffective } from "./effective.ts";
import type { AffectedDeployment } from "./links.ts";
import type { ResolvedOwner } from "./scope.ts";

/** Refuses the change (naming `field`) if any affected deployment would exceed the limit. */
export async function assertEnvironmentFits(
  db: Db,
  owner: ResolvedOwner,
  deployments: readonly AffectedDeployment[],
  field: string,
): Promise<void> {
  if (deployments.length === 0) return;
  const rows = await loadWorkspaceIdentities(db, owner.organizationId, owner.workspaceId);
  for (const deployment of deployments) {
    const { bytes } = selectEffective(rows, deployment.id);
    if (bytes <= MAX_ENVIRONMENT_BYTES) continue;
    const names = await db.deployment.findUnique({ where: { id: deployment.id }, select: { name: true } });
    throw new ValidationError(
      field,
      `deployment “${names?.name ?? deployment.id}” would receive ${formatBytes(bytes)} of environment variables, connections and Airflow variables; they are delivered in one Kubernetes Secret, which holds at most ${formatBytes(MAX_ENVIRONMENT_BYTES)}`,
    );
  }
}

import { type ApiClient, ok } from "../../api/client.ts";
import type { Deployment, ResponseOf } from "../../api/types.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { findOne, type Lookup, looksLikeId } from "../../resolve.ts";
import { isForbidden, isNotFound, type Session } from "../../session.ts";

/** A deployment as read by id (it does not name its workspace). */
export type DeploymentRecord = Omit<Deployment, "workspaceName"> & { workspaceName?: string };

export const deploymentLookup: Lookup<DeploymentRecord> = {
  kind: "deployment",
  scope: "in the workspace",
  id: (d) => d.id,
  names: (d) => [d.name],
  describe: (d) => `${d.id}  ${d.name} (${d.status})`,
};

/** The deployments of one workspace, or with no workspace those of every workspace the caller can see. */
export function listDeployments(
  client: ApiClient,
  organizationId: string,
  filter: { workspaceId?: string; includeDeleted?: boolean },
): Promise<Deployment[]> {
  return client.all((page) =>
    client.api.GET("/organizations/{organizationId}/deployments", {
      params: { path: { organizationId }, query: { ...filter, ...page } },
    }),
  );
}

export function getDeployment(
  client: ApiClient,
  organizationId: string,
  deploymentId: string,
): Promise<ResponseOf<"getDeployment">> {
  return ok(
    client.api.GET("/organizations/{organizationId}/deployments/{deploymentId}", {
      params: { path: { organizationId, deploymentId } },
    }),
  );
}

/**
 * A deployment by id or name. Names are looked up in the chosen workspace; an id is also
 * fetched directly, so a deployment-scoped token (which cannot list the workspace) and a
 * deployment in another workspace can still be named by id. The server's NOT_FOUND is passed
 * on as is: another organization's deployment is indistinguishable from a missing one.
 */
export async function resolveDeployment(session: Session, wanted: string): Promise<DeploymentRecord> {
  const organizationId = await session.organizationId();
  const client = session.authenticated();
  const workspaceId = await session.workspaceId().catch((error: unknown) => {
    if (error instanceof CliError && error.exitCode === ExitCode.Usage) return undefined;
    throw error;
  });
  if (workspaceId) {
    const listed = await listDeployments(client, organizationId, { workspaceId }).catch((error: unknown) => {
      if (isForbidden(error)) return undefined;
      throw error;
    });
    const found = listed && findOne(deploymentLookup, listed, wanted);
    if (found) return found;
  }
  try {
    return await getDeployment(client, organizationId, wanted);
  } catch (error) {
    if (isNotFound(error) && !workspaceId && !looksLikeId(wanted)) {
      throw new CliError(
        `no deployment with the id “${wanted}”; to find one by name, choose its workspace ` +
          "with --workspace-id or `skyport workspace switch`",
      );
    }
    throw error;
  }
}

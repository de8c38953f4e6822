import { type ApiClient, type OrganizationList, ok } from "../../api/client.ts";
import type { Deployment, ResponseOf } from "../../api/types.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { findOne, looksLikeId, namedLookup } from "../../resolve.ts";
import { isForbidden, isNotFound, type Session } from "../../session.ts";

/** A deployment as read by id (it does not name its workspace). */
export type DeploymentRecord = Omit<Deployment, "workspaceName"> & { workspaceName?: string };

/** The path parameters of a request about a deployment: its organization and its id. */
export function deploymentPath(deployment: { organizationId: string; id: string }) {
  return { organizationId: deployment.organizationId, deploymentId: deployment.id };
}

export const deploymentLookup = namedLookup<DeploymentRecord>(
  "deployment",
  "in the workspace",
  (d) => d.status,
);

/** The deployments of one workspace, or with no workspace those of every workspace the caller can see. */
export const listDeployments: OrganizationList<
  Deployment,
  { workspaceId?: string; includeDeleted?: boolean }
> = (client, organizationId, filter) =>
  client.every({ organizationId }, filter, (request) =>
    client.api.GET("/organizations/{organizationId}/deployments", request),
  );

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

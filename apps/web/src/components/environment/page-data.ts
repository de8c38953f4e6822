// What every environment page loads first: the owner (deployment or workspace), the caller's
// access to its environment, the breadcrumbs, and for a workspace the deployments it can link to.
import { loadDeployment, loadWorkspace } from "@/components/console/access.ts";
import { deploymentCrumbs } from "@/components/deployments/deployment-crumbs.ts";
import { loadAllPages } from "@/components/pagination.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";
import type { EnvironmentOwner } from "./owner.ts";
import {
  deploymentEnvironmentAccess,
  type EnvironmentAccess,
  workspaceEnvironmentAccess,
} from "./permissions.ts";
import type { LinkableDeployment } from "./types.ts";

type Caller = Awaited<ReturnType<typeof getServerCaller>>;
type Crumb = { label: string; href?: string };

export interface EnvironmentPageData {
  caller: Caller;
  owner: EnvironmentOwner;
  access: EnvironmentAccess;
  /** The deployment's or workspace's name. */
  name: string;
  /** Ending with "Environment"; the tabs name the view. */
  crumbs: Crumb[];
  /** Workspace pages: the deployments its objects can be linked to. */
  deployments: LinkableDeployment[];
}

export async function loadDeploymentEnvironmentPage(
  organizationId: string,
  deploymentId: string,
): Promise<EnvironmentPageData> {
  const caller = await getServerCaller();
  const deployment = await loadDeployment(organizationId, deploymentId);
  const { crumbs } = await deploymentCrumbs(organizationId, deployment.workspaceId);
  const deploymentHref = `/orgs/${organizationId}/deployments/${deploymentId}`;
  return {
    caller,
    owner: { kind: "deployment", organizationId, deploymentId },
    access: deploymentEnvironmentAccess({
      canManageEnvironment: deployment.can.manageEnvironment,
      deleting: deployment.status === "DELETING",
    }),
    name: deployment.name,
    crumbs: [...crumbs, { label: deployment.name, href: deploymentHref }, { label: "Environment" }],
    deployments: [],
  };
}

export async function loadWorkspaceEnvironmentPage(
  organizationId: string,
  workspaceId: string,
): Promise<EnvironmentPageData> {
  const caller = await getServerCaller();
  const ref = { organizationId, workspaceId };
  const workspace = await loadWorkspace(organizationId, workspaceId);
  const deployments = await loadForPage(loadAllPages((page) => caller.deployment.list({ ...ref, ...page })));
  const workspaceHref = `/orgs/${organizationId}/workspaces/${workspaceId}`;
  return {
    caller,
    owner: { kind: "workspace", organizationId, workspaceId },
    access: workspaceEnvironmentAccess(workspace.role),
    name: workspace.name,
    crumbs: [
      { label: "Workspaces", href: `/orgs/${organizationId}/workspaces` },
      { label: workspace.name, href: workspaceHref },
      { label: "Environment" },
    ],
    deployments: deployments.map((deployment) => ({ id: deployment.id, name: deployment.name })),
  };
}

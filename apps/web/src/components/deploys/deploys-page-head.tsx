import type { ReactNode } from "react";
import { Breadcrumbs } from "@/components/deployments/breadcrumbs.tsx";
import { PageHeader } from "@/components/page-header.tsx";

/** Where a deployment's deploys are listed. */
export function deploysHref(organizationId: string, deploymentId: string): string {
  return `/orgs/${organizationId}/deployments/${deploymentId}/deploys`;
}

/**
 * The head of the deploy pages: Workspaces / the deployment / Deploys (/ one deploy, when
 * `deploy` names it), then the page's title.
 */
export function DeploysPageHead({
  organizationId,
  deployment,
  deploy,
  title,
  description,
  actions,
}: {
  organizationId: string;
  deployment: { id: string; name: string };
  /** The one deploy the page shows (its crumb); omitted: the list. */
  deploy?: string;
  title: string;
  description: string;
  actions?: ReactNode;
}) {
  const listHref = deploysHref(organizationId, deployment.id);
  return (
    <div>
      <Breadcrumbs
        items={[
          { label: "Workspaces", href: `/orgs/${organizationId}/workspaces` },
          { label: deployment.name, href: `/orgs/${organizationId}/deployments/${deployment.id}` },
          ...(deploy ? [{ label: "Deploys", href: listHref }, { label: deploy }] : [{ label: "Deploys" }]),
        ]}
      />
      <PageHeader title={title} description={description} actions={actions} />
    </div>
  );
}

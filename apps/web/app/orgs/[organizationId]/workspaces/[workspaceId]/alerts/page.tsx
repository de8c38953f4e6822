import type { Metadata } from "next";
import { canManageWorkspaceAlerts } from "@/components/alerts/alert-access.ts";
import { AlertsOverview } from "@/components/alerts/alerts-overview.tsx";
import { loadWorkspace } from "@/components/console/access.ts";
import type { WorkspacePageProps } from "@/components/console/page-props.ts";
import { PageHeader } from "@/components/page-header.tsx";

export const metadata: Metadata = { title: "Workspace alerts" };

/** A workspace's alert rules (for every deployment, or one) and its notification channels. */
export default async function WorkspaceAlertsPage(page: WorkspacePageProps) {
  const { organizationId, workspaceId } = await page.params;
  const workspace = await loadWorkspace(organizationId, workspaceId);
  return (
    <div className="space-y-6">
      <PageHeader
        title={`Alerts of ${workspace.name}`}
        description="Rules created here watch every deployment of the workspace; a deployment's Alerts tab has its own."
      />
      <AlertsOverview
        organizationId={organizationId}
        workspaceId={workspaceId}
        canManage={await canManageWorkspaceAlerts(organizationId, workspaceId)}
      />
    </div>
  );
}

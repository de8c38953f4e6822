import type { Metadata } from "next";
import { canManageWorkspaceAlerts } from "@/components/alerts/alert-access.ts";
import { ChannelsManager } from "@/components/alerts/channels-manager.tsx";
import { RulesManager } from "@/components/alerts/rules-manager.tsx";
import { loadWorkspace } from "@/components/console/access.ts";
import { PageHeader } from "@/components/page-header.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Workspace alerts" };

/** A workspace's alert rules (for every deployment, or one) and its notification channels. */
export default async function WorkspaceAlertsPage({
  params,
}: {
  params: Promise<{ organizationId: string; workspaceId: string }>;
}) {
  const { organizationId, workspaceId } = await params;
  const caller = await getServerCaller();
  const [workspace, rules, channels, seen, canManage] = await Promise.all([
    loadWorkspace(organizationId, workspaceId),
    loadForPage(caller.alert.list({ organizationId, workspaceId, limit: 200 })),
    loadForPage(caller.notificationChannel.list({ organizationId, workspaceId, limit: 200 })),
    loadForPage(caller.alert.seenIds({ organizationId, workspaceId })),
    canManageWorkspaceAlerts(organizationId, workspaceId),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader
        title={`Alerts of ${workspace.name}`}
        description="Rules created here watch every deployment of the workspace; a deployment's Alerts tab has its own."
      />
      <RulesManager
        organizationId={organizationId}
        workspaceId={workspaceId}
        rules={rules.items}
        channels={channels.items.map(({ id, name, kind }) => ({ id, name, kind }))}
        seen={seen}
        canManage={canManage}
        emptyTitle="No alert rules in this workspace"
      />
      <ChannelsManager
        owner={{ organizationId, workspaceId }}
        channels={channels.items}
        canManage={canManage}
      />
    </div>
  );
}

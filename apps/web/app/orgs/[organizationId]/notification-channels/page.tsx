import type { Metadata } from "next";
import { canManageOrganizationChannels } from "@/components/alerts/alert-access.ts";
import { ChannelsManager } from "@/components/alerts/channels-manager.tsx";
import { PageHeader } from "@/components/page-header.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Notification channels" };

/** The organization's own notification channels, shared (or not) with every workspace. */
export default async function OrganizationChannelsPage({
  params,
}: {
  params: Promise<{ organizationId: string }>;
}) {
  const { organizationId } = await params;
  const caller = await getServerCaller();
  const [organizations, channels] = await Promise.all([
    caller.organization.listMine(),
    loadForPage(caller.notificationChannel.list({ organizationId, limit: 200 })),
  ]);
  const role = organizations.find((organization) => organization.id === organizationId)?.role ?? null;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Notification channels"
        description="Channels of the whole organization. Shared ones can be picked by alert rules in every workspace."
      />
      <ChannelsManager
        owner={{ organizationId }}
        channels={channels.items}
        canManage={canManageOrganizationChannels(role)}
      />
    </div>
  );
}

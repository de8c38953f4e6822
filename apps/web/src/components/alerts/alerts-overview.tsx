// A workspace's or a deployment's alerts, as one server component both pages compose: the
// rules (managed by those allowed), the deployment's incidents, and the notification channels
// usable there. Readers get the same content without forms or buttons.
import { Card } from "@skyport/ui";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";
import { IncidentsTable } from "./alert-tables.tsx";
import { ChannelsManager } from "./channels-manager.tsx";
import { RulesManager } from "./rules-manager.tsx";

export async function AlertsOverview({
  organizationId,
  workspaceId,
  deploymentId,
  canManage,
}: {
  organizationId: string;
  workspaceId: string;
  /** Omitted: the workspace's rules (for every deployment) and channels. */
  deploymentId?: string | undefined;
  canManage: boolean;
}) {
  const caller = await getServerCaller();
  const owner = deploymentId ? { organizationId, deploymentId } : { organizationId, workspaceId };
  const [rules, channels, seen, incidents] = await Promise.all([
    loadForPage(caller.alert.list({ ...owner, limit: 200 })),
    loadForPage(caller.notificationChannel.list({ ...owner, limit: 200 })),
    loadForPage(caller.alert.seenIds(owner)),
    deploymentId ? loadForPage(caller.alert.incidents({ organizationId, deploymentId, limit: 200 })) : null,
  ]);
  return (
    <>
      <RulesManager
        organizationId={organizationId}
        workspaceId={workspaceId}
        deploymentId={deploymentId}
        rules={rules.items}
        channels={channels.items.map(({ id, name, kind }) => ({ id, name, kind }))}
        seen={seen}
        canManage={canManage}
        emptyTitle={
          deploymentId ? "No alert rules watch this deployment" : "No alert rules in this workspace"
        }
      />
      {incidents ? (
        <Card id="incidents" title="Incidents" description="Newest first; open one for its notifications.">
          <IncidentsTable
            incidents={[...incidents.items].reverse()}
            incidentHref={(incident) =>
              `/orgs/${organizationId}/deployments/${deploymentId}/alerts/incidents/${incident.id}`
            }
          />
        </Card>
      ) : null}
      <ChannelsManager owner={owner} channels={channels.items} canManage={canManage} />
    </>
  );
}

import type { Metadata } from "next";
import { EnvironmentPage, NoWorkspaceRole } from "@/components/environment/environment-frame.tsx";
import { loadWorkspaceEnvironmentPage } from "@/components/environment/page-data.ts";
import { ConnectionsView } from "@/components/environment/views/connections-view.tsx";

export const metadata: Metadata = { title: "Airflow connections" };

export default async function WorkspaceEnvironmentConnectionsPage({
  params,
}: {
  params: Promise<{ organizationId: string; workspaceId: string }>;
}) {
  const { organizationId, workspaceId } = await params;
  const data = await loadWorkspaceEnvironmentPage(organizationId, workspaceId);
  if (!data) return <NoWorkspaceRole organizationId={organizationId} />;
  return (
    <EnvironmentPage data={data} current="connections">
      <ConnectionsView data={data} />
    </EnvironmentPage>
  );
}

import type { Metadata } from "next";
import { EnvironmentPage } from "@/components/environment/environment-frame.tsx";
import { loadDeploymentEnvironmentPage } from "@/components/environment/page-data.ts";
import { ConnectionsView } from "@/components/environment/views/connections-view.tsx";

export const metadata: Metadata = { title: "Airflow connections" };

export default async function DeploymentEnvironmentConnectionsPage({
  params,
}: {
  params: Promise<{ organizationId: string; deploymentId: string }>;
}) {
  const { organizationId, deploymentId } = await params;
  const data = await loadDeploymentEnvironmentPage(organizationId, deploymentId);
  return (
    <EnvironmentPage data={data} current="connections">
      <ConnectionsView data={data} />
    </EnvironmentPage>
  );
}

import type { Metadata } from "next";
import { EnvironmentPage } from "@/components/environment/environment-frame.tsx";
import { loadDeploymentEnvironmentPage } from "@/components/environment/page-data.ts";
import { DeliveredView } from "@/components/environment/views/delivered-view.tsx";

export const metadata: Metadata = { title: "What the deployment receives" };

export default async function DeploymentEnvironmentDeliveredPage({
  params,
}: {
  params: Promise<{ organizationId: string; deploymentId: string }>;
}) {
  const { organizationId, deploymentId } = await params;
  const data = await loadDeploymentEnvironmentPage(organizationId, deploymentId);
  return (
    <EnvironmentPage data={data} current="delivered">
      <DeliveredView data={data} />
    </EnvironmentPage>
  );
}

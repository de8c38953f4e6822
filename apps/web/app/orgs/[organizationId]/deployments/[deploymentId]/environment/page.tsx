import type { Metadata } from "next";
import { EnvironmentPage } from "@/components/environment/environment-frame.tsx";
import { loadDeploymentEnvironmentPage } from "@/components/environment/page-data.ts";
import { KeyValueView } from "@/components/environment/views/key-value-view.tsx";

export const metadata: Metadata = { title: "Environment variables" };

export default async function DeploymentEnvironmentVariablesPage({
  params,
}: {
  params: Promise<{ organizationId: string; deploymentId: string }>;
}) {
  const { organizationId, deploymentId } = await params;
  const data = await loadDeploymentEnvironmentPage(organizationId, deploymentId);
  return (
    <EnvironmentPage data={data} current="variables">
      <KeyValueView data={data} kind="environmentVariable" />
    </EnvironmentPage>
  );
}

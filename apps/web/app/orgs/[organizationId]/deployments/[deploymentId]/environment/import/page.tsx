import type { Metadata } from "next";
import { EnvironmentPage } from "@/components/environment/environment-frame.tsx";
import { loadDeploymentEnvironmentPage } from "@/components/environment/page-data.ts";
import { ImportView } from "@/components/environment/views/import-view.tsx";

export const metadata: Metadata = { title: "Import .env" };

export default async function DeploymentEnvironmentImportPage({
  params,
}: {
  params: Promise<{ organizationId: string; deploymentId: string }>;
}) {
  const { organizationId, deploymentId } = await params;
  const data = await loadDeploymentEnvironmentPage(organizationId, deploymentId);
  return (
    <EnvironmentPage data={data} current="import">
      <ImportView data={data} />
    </EnvironmentPage>
  );
}

import type { Metadata } from "next";
import { EnvironmentPage, NoWorkspaceRole } from "@/components/environment/environment-frame.tsx";
import { loadWorkspaceEnvironmentPage } from "@/components/environment/page-data.ts";
import { ImportView } from "@/components/environment/views/import-view.tsx";

export const metadata: Metadata = { title: "Import .env" };

export default async function WorkspaceEnvironmentImportPage({
  params,
}: {
  params: Promise<{ organizationId: string; workspaceId: string }>;
}) {
  const { organizationId, workspaceId } = await params;
  const data = await loadWorkspaceEnvironmentPage(organizationId, workspaceId);
  if (!data) return <NoWorkspaceRole organizationId={organizationId} />;
  return (
    <EnvironmentPage data={data} current="import">
      <ImportView data={data} />
    </EnvironmentPage>
  );
}

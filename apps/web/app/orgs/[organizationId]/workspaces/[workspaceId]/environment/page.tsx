import type { Metadata } from "next";
import { EnvironmentPage, NoWorkspaceRole } from "@/components/environment/environment-frame.tsx";
import { loadWorkspaceEnvironmentPage } from "@/components/environment/page-data.ts";
import { KeyValueView } from "@/components/environment/views/key-value-view.tsx";

export const metadata: Metadata = { title: "Environment variables" };

export default async function WorkspaceEnvironmentVariablesPage({
  params,
}: {
  params: Promise<{ organizationId: string; workspaceId: string }>;
}) {
  const { organizationId, workspaceId } = await params;
  const data = await loadWorkspaceEnvironmentPage(organizationId, workspaceId);
  if (!data) return <NoWorkspaceRole organizationId={organizationId} />;
  return (
    <EnvironmentPage data={data} current="variables">
      <KeyValueView data={data} kind="environmentVariable" />
    </EnvironmentPage>
  );
}

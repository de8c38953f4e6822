import type { Metadata } from "next";
import { loadWorkspace } from "@/components/console/access.ts";
import { ReportEditor } from "@/components/reports/report-editor.tsx";

export const metadata: Metadata = { title: "New status report" };

export default async function NewReportPage(page: {
  params: Promise<{ organizationId: string; workspaceId: string }>;
}) {
  const { organizationId, workspaceId } = await page.params;
  const workspace = await loadWorkspace(organizationId, workspaceId);
  return (
    <ReportEditor
      organizationId={organizationId}
      workspaceId={workspaceId}
      heading={`New status report in ${workspace.name}`}
    />
  );
}

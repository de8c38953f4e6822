import type { Metadata } from "next";
import { ReportEditor } from "@/components/reports/report-editor.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Edit status report" };

export default async function EditReportPage(page: {
  params: Promise<{ organizationId: string; workspaceId: string; reportId: string }>;
}) {
  const { organizationId, workspaceId, reportId } = await page.params;
  const report = await loadForPage((await getServerCaller()).report.get({ organizationId, reportId }));
  return <ReportEditor organizationId={organizationId} workspaceId={workspaceId} report={report} />;
}

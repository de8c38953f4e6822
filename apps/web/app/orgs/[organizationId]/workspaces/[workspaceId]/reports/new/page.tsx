import type { Metadata } from "next";
import { ReportEditor } from "@/components/reports/report-editor.tsx";

export const metadata: Metadata = { title: "New status report" };

/** A new report of the workspace (authors and above). */
export default async function NewReportPage(page: {
  params: Promise<{ organizationId: string; workspaceId: string }>;
}) {
  return <ReportEditor {...(await page.params)} />;
}

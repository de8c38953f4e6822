import { Card, CardBody } from "@skyport/ui";
import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { PageHeader } from "@/components/page-header.tsx";
import { canManageWorkspaceReports } from "@/components/reports/report-access.ts";
import { ReportForm } from "@/components/reports/report-form.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Edit status report" };

export default async function EditReportPage(page: {
  params: Promise<{ organizationId: string; workspaceId: string; reportId: string }>;
}) {
  const { organizationId, workspaceId, reportId } = await page.params;
  const caller = await getServerCaller();
  const report = await loadForPage(caller.report.get({ organizationId, reportId }));
  if (report.workspaceId !== workspaceId) forbidden();
  if (!(await canManageWorkspaceReports(organizationId, workspaceId))) forbidden();
  const picks = await loadForPage(caller.report.checkOptions({ organizationId, workspaceId }));
  return (
    <div className="space-y-6">
      <PageHeader title={`Edit ${report.title}`} />
      <Card id="report-form" title="Report">
        <CardBody>
          <ReportForm
            organizationId={organizationId}
            workspaceId={workspaceId}
            report={report}
            picks={picks}
          />
        </CardBody>
      </Card>
    </div>
  );
}

import { Card, CardBody } from "@skyport/ui";
import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { loadWorkspace } from "@/components/console/access.ts";
import { PageHeader } from "@/components/page-header.tsx";
import { canManageWorkspaceReports } from "@/components/reports/report-access.ts";
import { ReportForm } from "@/components/reports/report-form.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "New status report" };

export default async function NewReportPage(page: {
  params: Promise<{ organizationId: string; workspaceId: string }>;
}) {
  const { organizationId, workspaceId } = await page.params;
  const workspace = await loadWorkspace(organizationId, workspaceId);
  if (!(await canManageWorkspaceReports(organizationId, workspaceId))) forbidden();
  const caller = await getServerCaller();
  const picks = await loadForPage(caller.report.checkOptions({ organizationId, workspaceId }));
  return (
    <div className="space-y-6">
      <PageHeader title="New status report" description={`In ${workspace.name}`} />
      <Card id="report-form" title="Report">
        <CardBody>
          <ReportForm organizationId={organizationId} workspaceId={workspaceId} picks={picks} />
        </CardBody>
      </Card>
    </div>
  );
}

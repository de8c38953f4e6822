// The create and edit pages of a status report: authors and above only, the form fed by the
// check pickers (what telemetry has seen in the workspace).
import type { ReportView } from "@skyport/domain";
import { Card, CardBody } from "@skyport/ui";
import { forbidden } from "next/navigation";
import { loadWorkspace } from "@/components/console/access.ts";
import { PageHeader } from "@/components/page-header.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";
import { canManageWorkspaceReports } from "./report-access.ts";
import { ReportForm } from "./report-form.tsx";

export async function ReportEditor(form: {
  organizationId: string;
  workspaceId: string;
  report?: ReportView;
}) {
  const { organizationId, workspaceId, report } = form;
  if (report && report.workspaceId !== workspaceId) forbidden();
  if (!(await canManageWorkspaceReports(organizationId, workspaceId))) forbidden();
  const caller = await getServerCaller();
  const picks = await loadForPage(caller.report.checkOptions({ organizationId, workspaceId }));
  const heading = report
    ? `Edit ${report.title}`
    : `New status report in ${(await loadWorkspace(organizationId, workspaceId)).name}`;
  return (
    <div className="space-y-6">
      <PageHeader title={heading} />
      <Card id="report-form" title="Report">
        <CardBody>
          <ReportForm {...form} picks={picks} />
        </CardBody>
      </Card>
    </div>
  );
}

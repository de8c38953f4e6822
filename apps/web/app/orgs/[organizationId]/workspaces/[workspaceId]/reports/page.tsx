import { Card, EmptyState, HeaderRow, Table, TBody, Td, Tr } from "@skyport/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/button-classes.ts";
import { loadWorkspace } from "@/components/console/access.ts";
import { PageHeader } from "@/components/page-header.tsx";
import { canManageWorkspaceReports } from "@/components/reports/report-access.ts";
import { ReportStatusBadge } from "@/components/reports/report-status.tsx";
import { formatUtc } from "@/components/time-format.ts";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Status reports" };

/** A workspace's status reports: each one's current status, last and next run. */
export default async function WorkspaceReportsPage(page: {
  params: Promise<{ organizationId: string; workspaceId: string }>;
}) {
  const { organizationId, workspaceId } = await page.params;
  const workspace = await loadWorkspace(organizationId, workspaceId);
  const caller = await getServerCaller();
  const [reports, canManage] = await Promise.all([
    loadForPage(caller.report.list({ organizationId, workspaceId, limit: 200 })),
    canManageWorkspaceReports(organizationId, workspaceId),
  ]);
  const base = `/orgs/${organizationId}/workspaces/${workspaceId}/reports`;
  return (
    <div className="space-y-6">
      <PageHeader
        title={`Status reports of ${workspace.name}`}
        description="Scheduled checks that tell stakeholders whether their data is ready, by e-mail, Slack and a status page."
      />
      <Card
        id="reports"
        title="Reports"
        actions={
          canManage ? (
            <Link href={`${base}/new`} className={buttonClasses.primary}>
              New report
            </Link>
          ) : null
        }
      >
        {reports.items.length === 0 ? (
          <EmptyState title="No status reports yet">
            {canManage ? "Create one with “New report”." : "Authors of this workspace create them."}
          </EmptyState>
        ) : (
          <Table label="Status reports">
            <HeaderRow columns={["Report", "Status", "Checks", "Last run", "Next run"]} />
            <TBody>
              {reports.items.map((report) => (
                <Tr key={report.id}>
                  <Td label="Report">
                    <Link href={`${base}/${report.id}`} className="font-medium text-link hover:underline">
                      {report.title}
                    </Link>
                  </Td>
                  <Td label="Status">
                    <ReportStatusBadge status={report.lastStatus} />
                  </Td>
                  <Td label="Checks">{report.checks.length}</Td>
                  <Td label="Last run">{formatUtc(report.lastRunAt)}</Td>
                  <Td label="Next run">{formatUtc(report.nextRunAt)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </div>
  );
}

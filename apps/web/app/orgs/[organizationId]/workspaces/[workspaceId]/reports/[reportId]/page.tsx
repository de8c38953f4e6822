import { reportEvidenceLines } from "@skyport/domain";
import { Card, CardBody, DescriptionList, EmptyState, HeaderRow, Table, TBody, Td, Tr } from "@skyport/ui";
import cronstrue from "cronstrue";
import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { buttonClasses } from "@/components/button-classes.ts";
import { PageHeader } from "@/components/page-header.tsx";
import { canManageWorkspaceReports } from "@/components/reports/report-access.ts";
import {
  AddSubscriberForm,
  DeleteReportButton,
  RemoveSubscriberButton,
  RunNowButton,
  StatusLinkManager,
} from "@/components/reports/report-actions.tsx";
import { ReportStatusBadge } from "@/components/reports/report-status.tsx";
import { formatUtc } from "@/components/time-format.ts";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Status report" };

/** A check's evidence, one fact per line (workspace members may read error messages). */
function EvidenceList({ lines }: { lines: string[] }) {
  if (lines.length === 0) return <>—</>;
  return (
    <ul className="space-y-0.5">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

function scheduleWords(cron: string): string {
  try {
    return cronstrue.toString(cron, { use24HourTimeFormat: true, verbose: true });
  } catch {
    return cron;
  }
}

/** One report: its checks with their last result and evidence, run history, subscribers, status page link. */
export default async function ReportPage(page: {
  params: Promise<{ organizationId: string; workspaceId: string; reportId: string }>;
}) {
  const { organizationId, workspaceId, reportId } = await page.params;
  const caller = await getServerCaller();
  const ref = { organizationId, reportId };
  const report = await loadForPage(caller.report.get(ref));
  if (report.workspaceId !== workspaceId) forbidden();
  const [runs, subscribers, canManage] = await Promise.all([
    loadForPage(caller.report.runs({ ...ref, limit: 30 })),
    loadForPage(caller.report.subscribers(ref)),
    canManageWorkspaceReports(organizationId, workspaceId),
  ]);
  const latest = runs.items[0];
  const resultAt = new Map(latest?.results.map((result) => [result.position, result]) ?? []);
  const base = `/orgs/${organizationId}/workspaces/${workspaceId}/reports`;
  return (
    <div className="space-y-6">
      <PageHeader
        title={report.title}
        description={report.description || undefined}
        actions={
          canManage ? (
            <div className="flex flex-wrap items-start gap-2">
              <Link href={`${base}/${reportId}/edit`} className={buttonClasses.secondary}>
                Edit
              </Link>
              <DeleteReportButton report={ref} title={report.title} listHref={base} />
              <RunNowButton report={ref} />
            </div>
          ) : null
        }
      />
      <Card id="report-summary" title="Summary">
        <CardBody>
          <DescriptionList
            items={[
              { term: "Status", detail: <ReportStatusBadge status={report.lastStatus} /> },
              {
                term: "Schedule",
                detail: `${scheduleWords(report.cron)} (${report.timeZone}) · ${report.cron}`,
              },
              {
                term: "Send",
                detail: report.sendMode === "ALWAYS" ? "After every run" : "Only when the status changes",
              },
              { term: "Last run", detail: formatUtc(report.lastRunAt) },
              { term: "Next run", detail: formatUtc(report.nextRunAt) },
            ]}
          />
        </CardBody>
      </Card>

      <Card id="report-checks" title="Checks" description="Each check's result in the latest run.">
        {report.checks.length === 0 ? (
          <EmptyState title="No checks">Edit the report to pick what it checks.</EmptyState>
        ) : (
          <Table label="Checks">
            <HeaderRow columns={["Check", "Kind", "Last result", "Evidence"]} />
            <TBody>
              {report.checks.map((check) => {
                const result = resultAt.get(check.position);
                return (
                  <Tr key={check.id}>
                    <Td label="Check" className="font-medium">
                      {check.label}
                    </Td>
                    <Td label="Kind">{check.kind}</Td>
                    <Td label="Last result">
                      {result ? (
                        <div className="space-y-1">
                          <ReportStatusBadge status={result.status} />
                          <p className="text-fg-muted">{result.summary}</p>
                        </div>
                      ) : (
                        "—"
                      )}
                    </Td>
                    <Td label="Evidence" className="text-xs break-words">
                      <EvidenceList lines={result ? reportEvidenceLines(result.evidence, true) : []} />
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        )}
      </Card>

      <Card id="report-runs" title="History" description="The latest 30 runs, newest first.">
        {runs.items.length === 0 ? (
          <EmptyState title="Not run yet">
            {canManage ? "Use “Run now” or wait for the schedule." : ""}
          </EmptyState>
        ) : (
          <Table label="Runs">
            <HeaderRow columns={["Evaluated", "Trigger", "Status", "Sent"]} />
            <TBody>
              {runs.items.map((run) => (
                <Tr key={run.id}>
                  <Td label="Evaluated">{formatUtc(run.evaluatedAt)}</Td>
                  <Td label="Trigger">{run.trigger === "MANUAL" ? "Run now" : "Schedule"}</Td>
                  <Td label="Status">
                    <ReportStatusBadge status={run.status} />
                  </Td>
                  <Td label="Sent">{run.notified ? "Yes" : "No"}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>

      <Card id="report-subscribers" title="Subscribers">
        {subscribers.length === 0 ? (
          <EmptyState title="No subscribers">
            Subscribers get each report by e-mail; an outside address confirms first.
          </EmptyState>
        ) : (
          <Table label="Subscribers">
            <HeaderRow columns={["E-mail", "Kind", "Confirmation", ...(canManage ? ["Actions"] : [])]} />
            <TBody>
              {subscribers.map((subscriber) => (
                <Tr key={subscriber.id}>
                  <Td label="E-mail">{subscriber.email}</Td>
                  <Td label="Kind">{subscriber.userId ? "Member" : "Outside"}</Td>
                  <Td label="Confirmation">
                    {subscriber.status === "CONFIRMED"
                      ? `Confirmed ${formatUtc(subscriber.confirmedAt)}`
                      : subscriber.status === "PENDING"
                        ? "Waiting for confirmation"
                        : "Unsubscribed"}
                  </Td>
                  {canManage ? (
                    <Td label="Actions">
                      {subscriber.status === "UNSUBSCRIBED" ? null : (
                        <RemoveSubscriberButton
                          report={ref}
                          subscriberId={subscriber.id}
                          email={subscriber.email}
                        />
                      )}
                    </Td>
                  ) : null}
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
        {canManage ? <AddSubscriberForm report={ref} /> : null}
      </Card>

      <Card id="report-status-page" title="Status page">
        <StatusLinkManager report={ref} enabled={report.statusPageEnabled} canManage={canManage} />
      </Card>
    </div>
  );
}

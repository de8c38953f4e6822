import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/button-classes.ts";
import { AutoRefresh } from "@/components/deployments/auto-refresh.tsx";
import { Breadcrumbs } from "@/components/deployments/breadcrumbs.tsx";
import { DeploymentStatusBadge } from "@/components/deployments/deployment-status.tsx";
import { EXECUTOR_LABELS, isSettled } from "@/components/deployments/format.ts";
import { canCreateDeployments } from "@/components/deployments/permissions.ts";
import { ForbiddenNotice } from "@/components/forbidden-notice.tsx";
import { PageHeader, Section } from "@/components/page-header.tsx";
import { CONSOLE_PAGE_SIZE, cursorParam, PageLinks } from "@/components/pagination.tsx";
import { formatUtc } from "@/components/time-format.ts";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Deployments" };

const th =
  "px-5 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400";

export default async function DeploymentsPage({
  params,
  searchParams,
}: {
  params: Promise<{ organizationId: string; workspaceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { organizationId, workspaceId } = await params;
  const cursor = cursorParam(await searchParams);
  const caller = await getServerCaller();
  const ref = { organizationId, workspaceId };
  const crumbs = (workspaceName: string) => [
    { label: "Workspaces", href: `/orgs/${organizationId}/workspaces` },
    { label: workspaceName, href: `/orgs/${organizationId}/workspaces/${workspaceId}` },
    { label: "Deployments" },
  ];

  let workspace: Awaited<ReturnType<typeof caller.workspace.get>>;
  try {
    workspace = await loadForPage(caller.workspace.get(ref));
  } catch (error) {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") {
      return (
        <div className="space-y-6">
          <div>
            <Breadcrumbs items={crumbs("Workspace")} />
            <PageHeader title="Deployments" />
          </div>
          <ForbiddenNotice
            title="You have no role in this workspace"
            message="Workspace members see its deployments. A workspace owner or an organization owner can grant you a role."
          />
        </div>
      );
    }
    throw error;
  }

  // One page per view (read by its database query); the links below lead to the next one.
  const page = await loadForPage(caller.deployment.list({ ...ref, cursor, limit: CONSOLE_PAGE_SIZE }));
  const deployments = page.items;
  const canCreate = canCreateDeployments(workspace.role);
  const newHref = `/orgs/${organizationId}/workspaces/${workspaceId}/deployments/new`;
  const working = deployments.some((deployment) => !isSettled(deployment.status));

  return (
    <div className="space-y-6">
      <div>
        <Breadcrumbs items={crumbs(workspace.name)} />
        <PageHeader
          title="Deployments"
          description={`Airflow runtimes in ${workspace.name}. Each one runs in its own Kubernetes namespace with its own metadata database.`}
          actions={
            canCreate ? (
              <Link href={newHref} className={buttonClasses.primary}>
                Create deployment
              </Link>
            ) : undefined
          }
        />
      </div>

      <Section
        id="deployments-heading"
        title={`Deployments (${cursor || page.nextCursor ? `${deployments.length} on this page` : deployments.length})`}
      >
        {deployments.length === 0 ? (
          <div className="px-5 py-8 text-sm text-slate-600 dark:text-slate-400">
            {canCreate ? (
              <p>
                No deployments yet.{" "}
                <Link href={newHref} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  Create the first one
                </Link>
                : pick an Airflow version, an executor and sizes; Skyport provisions the runtime.
              </p>
            ) : (
              <p>No deployments yet. Workspace operators and owners can create them.</p>
            )}
          </div>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 dark:divide-slate-800">
              <caption className="sr-only">Deployments in this workspace, with their status</caption>
              <thead className="bg-slate-50 dark:bg-slate-950/40">
                <tr>
                  <th scope="col" className={th}>
                    Name
                  </th>
                  <th scope="col" className={th}>
                    Status
                  </th>
                  <th scope="col" className={th}>
                    Runtime
                  </th>
                  <th scope="col" className={th}>
                    Executor
                  </th>
                  <th scope="col" className={th}>
                    Generation
                  </th>
                  <th scope="col" className={th}>
                    Updated
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
                {deployments.map((deployment) => (
                  <tr key={deployment.id} className="align-top hover:bg-slate-50 dark:hover:bg-slate-800/40">
                    <th scope="row" className="px-5 py-3 text-left font-medium">
                      <Link
                        href={`/orgs/${organizationId}/deployments/${deployment.id}`}
                        className="rounded font-mono text-sky-700 hover:text-sky-900 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:text-sky-400 dark:hover:text-sky-300"
                      >
                        {deployment.name}
                      </Link>
                      {deployment.description ? (
                        <p className="mt-0.5 max-w-xs text-xs font-normal text-slate-600 dark:text-slate-400">
                          {deployment.description}
                        </p>
                      ) : null}
                    </th>
                    <td className="max-w-xs px-5 py-3">
                      <DeploymentStatusBadge status={deployment.status} reason={deployment.statusReason} />
                      {deployment.statusReason ? (
                        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                          {deployment.statusReason}
                        </p>
                      ) : null}
                    </td>
                    <td className="px-5 py-3 whitespace-nowrap text-slate-700 dark:text-slate-300">
                      Airflow {deployment.spec.runtimeVersion}
                    </td>
                    <td className="px-5 py-3 whitespace-nowrap text-slate-700 dark:text-slate-300">
                      {EXECUTOR_LABELS[deployment.spec.executor] ?? deployment.spec.executor}
                    </td>
                    <td className="px-5 py-3 whitespace-nowrap text-slate-700 dark:text-slate-300">
                      {deployment.generation}
                      <span className="text-slate-500 dark:text-slate-400">
                        {" "}
                        · observed {deployment.observedGeneration}
                      </span>
                    </td>
                    <td className="px-5 py-3 whitespace-nowrap text-slate-600 dark:text-slate-400">
                      <time dateTime={deployment.updatedAt.toISOString()}>
                        {formatUtc(deployment.updatedAt)}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <PageLinks
          basePath={`/orgs/${organizationId}/workspaces/${workspaceId}/deployments`}
          cursor={cursor}
          nextCursor={page.nextCursor}
          noun="deployments"
        />
        {working ? (
          <div className="border-t border-slate-200 px-5 py-2 dark:border-slate-800">
            <AutoRefresh active />
          </div>
        ) : null}
      </Section>
    </div>
  );
}

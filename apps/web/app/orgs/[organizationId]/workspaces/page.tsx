import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader, Section } from "@/components/page-header.tsx";
import { loadAllPages } from "@/components/pagination.tsx";
import { roleLabel } from "@/components/roles.ts";
import { formatUtcDate } from "@/components/time-format.ts";
import { CreateWorkspaceForm } from "@/components/workspaces/create-workspace-form.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Workspaces" };

const th =
  "px-5 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400";

export default async function WorkspacesPage({ params }: { params: Promise<{ organizationId: string }> }) {
  const { organizationId } = await params;
  const caller = await getServerCaller();
  const [organizations, workspaces] = await Promise.all([
    loadForPage(caller.organization.listMine()),
    loadForPage(loadAllPages((page) => caller.workspace.list({ organizationId, ...page }))).then((all) =>
      all.sort((a, b) => a.name.localeCompare(b.name)),
    ),
  ]);
  const isOwner = organizations.find((o) => o.id === organizationId)?.role === "ORGANIZATION_OWNER";

  return (
    <div className="space-y-6">
      <PageHeader
        title="Workspaces"
        description={
          isOwner
            ? "Workspaces group Airflow deployments and the people who work on them. As an organization owner you see every workspace and own each one."
            : "Workspaces group Airflow deployments and the people who work on them. You see the workspaces where you, or a team you are in, hold a role."
        }
      />

      {isOwner ? (
        <Section
          id="create-workspace-heading"
          title="Create a workspace"
          description="You can grant roles in it to members and teams right after."
        >
          <CreateWorkspaceForm organizationId={organizationId} />
        </Section>
      ) : null}

      <Section id="workspaces-heading" title={`Workspaces (${workspaces.length})`}>
        {workspaces.length === 0 ? (
          <div className="px-5 py-8 text-sm text-slate-600 dark:text-slate-400">
            {isOwner ? (
              <p>
                No workspaces yet. Create the first one above — for example one per team or per environment —
                then add members to it.
              </p>
            ) : (
              <p>
                You don't have a role in any workspace yet. Ask an organization owner or a workspace owner to
                grant you one, directly or through one of your{" "}
                <Link
                  href={`/orgs/${organizationId}/teams`}
                  className="font-medium text-sky-700 hover:underline dark:text-sky-400"
                >
                  teams
                </Link>
                .
              </p>
            )}
          </div>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 dark:divide-slate-800">
              <caption className="sr-only">Workspaces you can see, with your role in each</caption>
              <thead className="bg-slate-50 dark:bg-slate-950/40">
                <tr>
                  <th scope="col" className={th}>
                    Name
                  </th>
                  <th scope="col" className={th}>
                    Description
                  </th>
                  <th scope="col" className={th}>
                    Your role
                  </th>
                  <th scope="col" className={th}>
                    Created
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
                {workspaces.map((workspace) => (
                  <tr key={workspace.id} className="align-top hover:bg-slate-50 dark:hover:bg-slate-800/40">
                    <th scope="row" className="px-5 py-3 text-left font-medium">
                      <Link
                        href={`/orgs/${organizationId}/workspaces/${workspace.id}`}
                        className="rounded text-sky-700 hover:text-sky-900 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:text-sky-400 dark:hover:text-sky-300"
                      >
                        {workspace.name}
                      </Link>
                    </th>
                    <td className="max-w-md px-5 py-3 text-slate-700 dark:text-slate-300">
                      {workspace.description || <span className="text-slate-400 dark:text-slate-500">—</span>}
                    </td>
                    <td className="px-5 py-3 whitespace-nowrap text-slate-700 dark:text-slate-300">
                      {workspace.role ? roleLabel(workspace.role) : "—"}
                    </td>
                    <td className="px-5 py-3 whitespace-nowrap text-slate-600 dark:text-slate-400">
                      <time dateTime={workspace.createdAt.toISOString()}>
                        {formatUtcDate(workspace.createdAt)}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </div>
  );
}

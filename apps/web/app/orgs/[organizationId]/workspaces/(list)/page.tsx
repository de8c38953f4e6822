import { Table, TBody, Td, THead, Th, Tr, Truncate } from "@skyport/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { loadOrganizationList } from "@/components/console/organization-list-page.ts";
import { MomentCell } from "@/components/moment.tsx";
import { PageHeader, Section } from "@/components/page-header.tsx";
import { roleLabel } from "@/components/roles.ts";
import { RowNameLink } from "@/components/row-name-link.tsx";
import { CreateWorkspaceForm } from "@/components/workspaces/create-workspace-form.tsx";

export const metadata: Metadata = { title: "Workspaces" };

export default async function WorkspacesPage({ params }: { params: Promise<{ organizationId: string }> }) {
  const { organizationId } = await params;
  const { isOwner, items: workspaces } = await loadOrganizationList(organizationId, (caller, page) =>
    caller.workspace.list({ organizationId, ...page }),
  );

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
          <div className="px-5 py-8 text-sm text-fg-muted">
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
                  className="font-medium text-link hover:underline"
                >
                  teams
                </Link>
                .
              </p>
            )}
          </div>
        ) : (
          <Table className="sm:min-w-[40rem] sm:table-fixed">
            <caption className="sr-only">Workspaces you can see, with your role in each</caption>
            <THead>
              <Tr>
                <Th className="w-[30%]">Name</Th>
                <Th>Description</Th>
                <Th className="w-44">Your role</Th>
                <Th className="w-44">Created</Th>
              </Tr>
            </THead>
            <TBody>
              {workspaces.map((workspace) => (
                <Tr key={workspace.id} className="hover:bg-surface-muted">
                  <Th scope="row">
                    <RowNameLink
                      href={`/orgs/${organizationId}/workspaces/${workspace.id}`}
                      name={workspace.name}
                    />
                  </Th>
                  <Td label="Description" className="text-fg-muted">
                    {workspace.description ? <Truncate text={workspace.description} lines={2} /> : "—"}
                  </Td>
                  <Td label="Your role" className="whitespace-nowrap text-fg-muted">
                    {workspace.role ? roleLabel(workspace.role) : "—"}
                  </Td>
                  <MomentCell label="Created" at={workspace.createdAt} date />
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Section>
    </div>
  );
}

import { DescriptionList } from "@skyport/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/button-classes.ts";
import { loadWorkspace } from "@/components/console/access.ts";
import { ResourceHeader } from "@/components/console/resource-header.tsx";
import { Moment } from "@/components/moment.tsx";
import { Section } from "@/components/page-header.tsx";
import { loadAllPages } from "@/components/pagination.tsx";
import { roleLabel } from "@/components/roles.ts";
import {
  type Candidate,
  GrantRoleForm,
  WorkspaceMembersTable,
} from "@/components/workspaces/workspace-members.tsx";
import { DeleteWorkspace, EditWorkspaceForm } from "@/components/workspaces/workspace-settings.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Workspace" };

type Member = { type: "user"; user: { name: string } } | { type: "team"; team: { name: string } };

/** People by name, then teams by name (the list itself comes in key order). */
function byMemberName<T extends Member>(members: T[]): T[] {
  const label = (m: Member) => (m.type === "user" ? `0${m.user.name}` : `1${m.team.name}`);
  return [...members].sort((a, b) => label(a).localeCompare(label(b)));
}

export default async function WorkspacePage({
  params,
}: {
  params: Promise<{ organizationId: string; workspaceId: string }>;
}) {
  const { organizationId, workspaceId } = await params;
  const caller = await getServerCaller();
  const ref = { organizationId, workspaceId };

  // No role in the workspace: the layout already answered with the "no access" page (403).
  const workspace = await loadWorkspace(organizationId, workspaceId);

  const [me, members] = await Promise.all([
    loadForPage(caller.auth.me()),
    loadForPage(loadAllPages((page) => caller.workspaceMember.list({ ...ref, ...page }))).then(byMemberName),
  ]);

  let people: Candidate[] = [];
  let teams: Candidate[] = [];
  if (workspace.can.manageMembers) {
    const [organizationMembers, organizationTeams] = await Promise.all([
      loadForPage(loadAllPages((page) => caller.member.list({ organizationId, ...page }))),
      loadForPage(loadAllPages((page) => caller.team.list({ organizationId, ...page }))),
    ]);
    const boundUsers = new Set(members.flatMap((m) => (m.type === "user" ? [m.user.id] : [])));
    const boundTeams = new Set(members.flatMap((m) => (m.type === "team" ? [m.team.id] : [])));
    people = organizationMembers
      // Organization owners are workspace owners already.
      .filter((m) => !boundUsers.has(m.userId) && m.role !== "ORGANIZATION_OWNER")
      .map((m) => ({ kind: "user", id: m.userId, label: `${m.name} (${m.email})` }));
    teams = organizationTeams
      .filter((t) => !boundTeams.has(t.id))
      .map((t) => ({
        kind: "team",
        id: t.id,
        label: `${t.name} (${t.members.length} ${t.members.length === 1 ? "member" : "members"})`,
      }));
  }

  return (
    <div className="space-y-6">
      <ResourceHeader
        crumbs={[{ label: "Workspaces", href: `/orgs/${organizationId}/workspaces` }]}
        name={workspace.name}
        description={workspace.description}
        environmentHref={`/orgs/${organizationId}/workspaces/${workspaceId}/environment`}
      >
        <Link
          href={`/orgs/${organizationId}/workspaces/${workspaceId}/deployments`}
          className={buttonClasses.primary}
        >
          Deployments
        </Link>
        <Link
          href={`/orgs/${organizationId}/workspaces/${workspaceId}/alerts`}
          className={buttonClasses.secondary}
        >
          Alerts
        </Link>
        <Link
          href={`/orgs/${organizationId}/workspaces/${workspaceId}/reports`}
          className={buttonClasses.secondary}
        >
          Reports
        </Link>
      </ResourceHeader>

      <Section id="workspace-details-heading" title="Details">
        <DescriptionList
          className="px-5 py-4"
          items={[
            { term: "Your role", detail: workspace.role ? roleLabel(workspace.role) : "—" },
            {
              term: "Deployments",
              detail: (
                <>
                  {workspace.deploymentCount} ·{" "}
                  <Link
                    href={`/orgs/${organizationId}/workspaces/${workspaceId}/deployments`}
                    className="font-medium text-link hover:underline"
                  >
                    {workspace.deploymentCount === 0 ? "Create or view deployments" : "View deployments"}
                  </Link>
                </>
              ),
            },
            {
              term: "Created",
              detail: <Moment at={workspace.createdAt} date />,
            },
            { term: "ID", detail: workspace.id, className: "font-mono" },
          ]}
        />
      </Section>

      <Section
        id="workspace-members-heading"
        title={`Members (${members.length})`}
        description="A person's role here is the highest of their own, their teams' and organization ownership."
      >
        {members.length === 0 ? (
          <p className="px-5 py-6 text-sm text-fg-muted">No one has a role here yet.</p>
        ) : (
          <WorkspaceMembersTable
            organizationId={organizationId}
            workspaceId={workspaceId}
            members={members}
            canManage={workspace.can.manageMembers}
            currentUserId={me?.id ?? null}
          />
        )}
      </Section>

      {workspace.can.manageMembers ? (
        <Section
          id="grant-role-heading"
          title="Grant a role"
          description="Give a member of the organization, or a whole team, a role in this workspace."
        >
          <GrantRoleForm
            organizationId={organizationId}
            workspaceId={workspaceId}
            people={people}
            teams={teams}
          />
        </Section>
      ) : null}

      {workspace.can.update ? (
        <Section id="workspace-settings-heading" title="Name and description">
          <EditWorkspaceForm organizationId={organizationId} workspace={workspace} />
        </Section>
      ) : null}

      {workspace.can.delete ? (
        <Section id="delete-workspace-heading" title="Delete workspace">
          <DeleteWorkspace organizationId={organizationId} workspace={workspace} />
        </Section>
      ) : null}
    </div>
  );
}

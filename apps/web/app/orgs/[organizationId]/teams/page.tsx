import type { Metadata } from "next";
import { loadOrganizationList } from "@/components/console/organization-list-page.ts";
import { PageHeader, Section } from "@/components/page-header.tsx";
import { loadAllPages } from "@/components/pagination.tsx";
import { CreateTeamForm } from "@/components/teams/create-team-form.tsx";
import { type OrganizationMemberOption, TeamCard } from "@/components/teams/team-card.tsx";
import { loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage({ params }: { params: Promise<{ organizationId: string }> }) {
  const { organizationId } = await params;
  const {
    caller,
    isOwner,
    items: teams,
  } = await loadOrganizationList(organizationId, (caller, page) =>
    caller.team.list({ organizationId, ...page }),
  );
  const members: OrganizationMemberOption[] = isOwner
    ? (await loadForPage(loadAllPages((page) => caller.member.list({ organizationId, ...page }))))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((m) => ({
          userId: m.userId,
          name: m.name,
          email: m.email,
        }))
    : [];

  return (
    <div className="space-y-6">
      <PageHeader
        title="Teams"
        description="Teams are groups of organization members. A role granted to a team in a workspace applies to everyone in it."
      />

      {isOwner ? (
        <Section id="create-team-heading" title="Create a team">
          <CreateTeamForm organizationId={organizationId} />
        </Section>
      ) : null}

      {teams.length === 0 ? (
        <div className="rounded-xl border border-dashed border-line-strong bg-surface px-5 py-8 text-sm text-fg-muted">
          <p className="font-medium text-fg">No teams yet</p>
          <p className="mt-1">
            {isOwner
              ? "Create a team above, add members to it, then grant it a role on a workspace's page: everyone in the team gets that role."
              : "Organization owners create teams and choose their members."}
          </p>
        </div>
      ) : (
        <div className="space-y-4">
          {teams.map((team) => (
            <TeamCard
              key={team.id}
              organizationId={organizationId}
              team={team}
              organizationMembers={members}
              canManage={isOwner}
            />
          ))}
        </div>
      )}
    </div>
  );
}

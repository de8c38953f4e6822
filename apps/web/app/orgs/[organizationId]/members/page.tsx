import type { Metadata } from "next";
import { loadOrganizationList } from "@/components/console/organization-list-page.ts";
import { InviteForm } from "@/components/members/invite-form.tsx";
import { MembersTable } from "@/components/members/members-table.tsx";
import { PendingInvitations } from "@/components/members/pending-invitations.tsx";
import { PageHeader, Section } from "@/components/page-header.tsx";
import { loadAllPages } from "@/components/pagination.tsx";
import { loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ organizationId: string }> }) {
  const { organizationId } = await params;
  const {
    caller,
    isOwner,
    items: members,
  } = await loadOrganizationList(organizationId, (caller, page) =>
    caller.member.list({ organizationId, ...page }),
  );
  const me = await loadForPage(caller.auth.me());
  const invitations = isOwner
    ? await loadForPage(loadAllPages((page) => caller.invitation.list({ organizationId, ...page })))
    : [];

  return (
    <div className="space-y-6">
      <PageHeader
        title="Members"
        description={
          isOwner
            ? "People in this organization and their roles. Owners manage members, workspaces and the audit log; billing admins manage billing; members see what their workspace roles allow."
            : "People in this organization and their roles. Owners invite and manage members."
        }
      />
      {isOwner ? (
        <Section
          id="invite-heading"
          title="Invite a member"
          description="They receive an email with a link that works once and expires in 7 days."
        >
          <InviteForm organizationId={organizationId} />
        </Section>
      ) : null}
      <Section id="members-heading" title={`Members (${members.length})`}>
        <MembersTable
          organizationId={organizationId}
          members={members}
          currentUserId={me?.id ?? ""}
          canManage={isOwner}
        />
      </Section>
      {isOwner ? (
        <Section id="invitations-heading" title={`Pending invitations (${invitations.length})`}>
          <PendingInvitations organizationId={organizationId} invitations={invitations} />
        </Section>
      ) : null}
    </div>
  );
}

import type { Metadata } from "next";
import { LeaveOrganization, RenameOrganizationForm } from "@/components/members/organization-settings.tsx";
import { PageHeader, Section } from "@/components/page-header.tsx";
import { roleLabel } from "@/components/roles.ts";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Settings" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "long" });

export default async function SettingsPage({ params }: { params: Promise<{ organizationId: string }> }) {
  const { organizationId } = await params;
  const caller = await getServerCaller();
  const [organization, organizations] = await Promise.all([
    loadForPage(caller.organization.get({ organizationId })),
    loadForPage(caller.organization.listMine()),
  ]);
  const role = organizations.find((o) => o.id === organizationId)?.role ?? null;
  const isOwner = role === "ORGANIZATION_OWNER";

  return (
    <div className="space-y-6">
      <PageHeader title="Settings" description="The organization's name, and your membership." />
      <Section id="organization-heading" title="Organization">
        {isOwner ? <RenameOrganizationForm organizationId={organizationId} name={organization.name} /> : null}
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 border-t border-line px-5 py-4 text-sm first:border-t-0">
          {isOwner ? null : (
            <>
              <dt className="text-fg-muted">Name</dt>
              <dd className="text-fg">{organization.name}</dd>
            </>
          )}
          <dt className="text-fg-muted">Handle</dt>
          <dd className="font-mono text-fg">{organization.slug}</dd>
          <dt className="text-fg-muted">ID</dt>
          <dd className="font-mono text-fg">{organization.id}</dd>
          <dt className="text-fg-muted">Members</dt>
          <dd className="text-fg">{organization.memberCount}</dd>
          <dt className="text-fg-muted">Created</dt>
          <dd className="text-fg">{dateFormat.format(organization.createdAt)}</dd>
          <dt className="text-fg-muted">Your role</dt>
          <dd className="text-fg">{role ? roleLabel(role) : "—"}</dd>
        </dl>
      </Section>
      <Section
        id="leave-heading"
        title="Leave the organization"
        description="The last owner cannot leave: make someone else an owner first."
      >
        <LeaveOrganization organizationId={organizationId} name={organization.name} />
      </Section>
    </div>
  );
}

import { DescriptionList } from "@skyport/ui";
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
        <DescriptionList
          className="border-t border-line px-5 py-4 first:border-t-0"
          items={[
            ...(isOwner ? [] : [{ term: "Name", detail: organization.name }]),
            { term: "Handle", detail: organization.slug, className: "font-mono" },
            { term: "ID", detail: organization.id, className: "font-mono" },
            { term: "Members", detail: organization.memberCount },
            { term: "Created", detail: dateFormat.format(organization.createdAt) },
            { term: "Your role", detail: role ? roleLabel(role) : "—" },
          ]}
        />
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

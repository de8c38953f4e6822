import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card.tsx";
import { CreateOrganizationForm } from "@/components/console/create-organization-form.tsx";
import { currentPath, getServerCaller, signInUrl } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Create an organization" };

export default async function NewOrganizationPage() {
  const caller = await getServerCaller();
  if (!(await caller.auth.me())) redirect(signInUrl(await currentPath()));
  const organizations = await caller.organization.listMine();
  return (
    <AuthCard
      title="Create an organization"
      description={
        organizations.length === 0
          ? "You are not a member of any organization yet. Create one, or ask an owner of an existing organization to invite you."
          : "A separate organization has its own members, workspaces and audit log."
      }
      footer={
        organizations[0] ? (
          <Link href={`/orgs/${organizations[0].id}`} className="font-medium text-link hover:underline">
            Back to {organizations[0].name}
          </Link>
        ) : undefined
      }
    >
      <CreateOrganizationForm />
    </AuthCard>
  );
}

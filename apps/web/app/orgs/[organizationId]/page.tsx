import { redirect } from "next/navigation";

/** An organization opens on its workspaces. */
export default async function OrganizationHome({ params }: { params: Promise<{ organizationId: string }> }) {
  const { organizationId } = await params;
  redirect(`/orgs/${organizationId}/workspaces`);
}

import { redirect } from "next/navigation";
import { currentPath, getServerCaller, signInUrl } from "@/server/trpc/server-caller.ts";

/** Where signed-in people land: their first organization, or creating one if they have none. */
export default async function OrganizationsPage() {
  const caller = await getServerCaller();
  if (!(await caller.auth.me())) redirect(signInUrl(await currentPath()));
  const [first] = await caller.organization.listMine();
  redirect(first ? `/orgs/${first.id}` : "/orgs/new");
}

import type { ReactNode } from "react";
import { UserMenu } from "@/components/console/user-menu.tsx";
import { SiteHeader } from "@/components/site-header.tsx";
import { getServerCaller } from "@/server/trpc/server-caller.ts";

/** The public pages (landing, sign-up, sign-in, invitations, dev mailbox). */
export default async function SiteLayout({ children }: { children: ReactNode }) {
  const caller = await getServerCaller();
  const me = await caller.auth.me();
  return (
    <>
      <SiteHeader account={me ? { consoleHref: "/orgs", menu: <UserMenu user={me} /> } : "anonymous"} />
      <main id="main" className="w-full flex-1">
        {children}
      </main>
    </>
  );
}

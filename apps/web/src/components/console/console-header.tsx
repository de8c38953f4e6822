import Link from "next/link";
import { LogoMark } from "../logo-mark.tsx";
import { OrganizationSwitcher, type SwitcherOrganization } from "./organization-switcher.tsx";
import { UserMenu } from "./user-menu.tsx";

/** The signed-in console's header: home, organization switcher, user menu. */
export function ConsoleHeader({
  user,
  organizations,
  current,
  clerkPublishableKey = null,
}: {
  user: { name: string; email: string };
  clerkPublishableKey?: string | null;
  organizations: SwitcherOrganization[];
  current: SwitcherOrganization;
}) {
  return (
    <header className="border-b border-line bg-surface">
      <div className="mx-auto flex h-14 max-w-7xl items-center justify-between gap-4 px-4 sm:px-6 lg:px-8">
        <div className="flex min-w-0 items-center gap-3">
          <Link
            href={`/orgs/${current.id}`}
            className="flex shrink-0 items-center gap-2.5 rounded-md text-fg focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-sky-600"
          >
            <LogoMark className="size-7" />
            <span className="hidden text-base font-semibold tracking-tight sm:inline">Skyport</span>
          </Link>
          <span aria-hidden="true" className="text-line-strong">
            /
          </span>
          <OrganizationSwitcher organizations={organizations} current={current} />
        </div>
        <UserMenu user={user} clerkPublishableKey={clerkPublishableKey} />
      </div>
    </header>
  );
}

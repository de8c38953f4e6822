import Link from "next/link";
import type { ReactNode } from "react";
import { LogoMark } from "./logo-mark.tsx";

const linkClass =
  "rounded-md px-3 py-1.5 text-sm font-medium text-fg-muted hover:bg-surface-raised hover:text-fg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus";
const primaryClass =
  "rounded-md bg-accent px-3 py-1.5 text-sm font-semibold whitespace-nowrap text-white shadow-sm hover:bg-accent-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus";

/**
 * The public site's header. `account` is what the visitor can do next: sign in / sign up,
 * or go to their console when they are signed in (with `menu`, their account menu). Omitted on
 * error pages, which therefore do not load the account menu's code.
 */
export function SiteHeader({
  account,
}: {
  account?: "anonymous" | { consoleHref: string; menu: ReactNode };
}) {
  return (
    <header className="border-b border-line bg-surface">
      <div className="mx-auto flex h-14 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6 lg:px-8">
        <Link
          href="/"
          className="flex items-center gap-2.5 rounded-md text-fg focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-sky-600"
        >
          <LogoMark className="size-7" />
          <span className="text-base font-semibold tracking-tight">Skyport</span>
        </Link>
        {account === undefined ? (
          <p className="hidden text-sm text-fg-muted sm:block">Control plane for Apache Airflow</p>
        ) : account === "anonymous" ? (
          <nav aria-label="Account" className="flex items-center gap-2">
            <Link href="/sign-in" className={linkClass}>
              Sign in
            </Link>
            <Link href="/sign-up" className={primaryClass}>
              Sign up
            </Link>
          </nav>
        ) : (
          <nav aria-label="Account" className="flex items-center gap-2">
            <Link href={account.consoleHref} className={primaryClass}>
              Open the console
            </Link>
            {account.menu}
          </nav>
        )}
      </div>
    </header>
  );
}

"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ConsoleSection } from "./sections.ts";

/** The organization's sections the person can use; the current one is marked for assistive technology too. */
export function SidebarNav({
  organizationId,
  sections,
}: {
  organizationId: string;
  sections: readonly ConsoleSection[];
}) {
  const pathname = usePathname();
  return (
    <nav aria-label="Organization">
      <ul className="flex flex-wrap gap-1 md:flex-col">
        {sections.map((section) => {
          const href = `/orgs/${organizationId}/${section.segment}`;
          // A deployment's page (/orgs/…/deployments/…) belongs to its workspace.
          const current =
            pathname === href ||
            pathname.startsWith(`${href}/`) ||
            (section.segment === "workspaces" && pathname.startsWith(`/orgs/${organizationId}/deployments/`));
          return (
            <li key={section.segment}>
              <Link
                href={href}
                aria-current={current ? "page" : undefined}
                className={`block rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 ${
                  current
                    ? "bg-accent-soft text-accent-fg ring-1 ring-sky-600/15 ring-inset"
                    : "text-fg hover:bg-surface-raised hover:text-fg"
                }`}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

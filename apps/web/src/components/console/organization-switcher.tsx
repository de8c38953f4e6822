"use client";

import Link from "next/link";
import { roleLabel } from "@/components/roles.ts";
import { Dropdown, dropdownItemClass } from "./dropdown.tsx";

export interface SwitcherOrganization {
  id: string;
  name: string;
  role: string | null;
}

/** Lists the signed-in person's organizations and offers to create another. */
export function OrganizationSwitcher({
  organizations,
  current,
}: {
  organizations: SwitcherOrganization[];
  current: SwitcherOrganization;
}) {
  return (
    <Dropdown
      label={`Organization: ${current.name}. Switch organization`}
      button={<span className="max-w-48 truncate sm:max-w-72">{current.name}</span>}
    >
      <p className="px-3 pt-2 pb-1 text-xs font-medium text-slate-500 dark:text-slate-400">
        Your organizations
      </p>
      <ul>
        {organizations.map((organization) => (
          <li key={organization.id}>
            <Link
              href={`/orgs/${organization.id}`}
              aria-current={organization.id === current.id ? "true" : undefined}
              className={`${dropdownItemClass} ${organization.id === current.id ? "font-semibold text-slate-900 dark:text-white" : ""}`}
            >
              <span className="truncate">{organization.name}</span>
              {organization.role ? (
                <span className="shrink-0 text-xs font-normal text-slate-500 dark:text-slate-400">
                  {roleLabel(organization.role)}
                </span>
              ) : null}
            </Link>
          </li>
        ))}
      </ul>
      <div className="mt-1 border-t border-slate-200 pt-1 dark:border-slate-700">
        <Link href="/orgs/new" className={`${dropdownItemClass} font-medium text-sky-700 dark:text-sky-400`}>
          Create organization
        </Link>
      </div>
    </Dropdown>
  );
}

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
      <p className="px-3 pt-2 pb-1 text-xs font-medium text-fg-subtle">Your organizations</p>
      <ul>
        {organizations.map((organization) => (
          <li key={organization.id}>
            <Link
              href={`/orgs/${organization.id}`}
              aria-current={organization.id === current.id ? "true" : undefined}
              className={`${dropdownItemClass} ${organization.id === current.id ? "font-semibold text-fg" : ""}`}
            >
              <span className="truncate">{organization.name}</span>
              {organization.role ? (
                <span className="shrink-0 text-xs font-normal text-fg-subtle">
                  {roleLabel(organization.role)}
                </span>
              ) : null}
            </Link>
          </li>
        ))}
      </ul>
      <div className="mt-1 border-t border-line pt-1">
        <Link href="/orgs/new" className={`${dropdownItemClass} font-medium text-link`}>
          Create organization
        </Link>
      </div>
    </Dropdown>
  );
}

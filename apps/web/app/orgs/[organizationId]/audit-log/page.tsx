import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { AuditFilterBar } from "@/components/audit-log/audit-filter-bar.tsx";
import { AuditLogTable } from "@/components/audit-log/audit-log-table.tsx";
import {
  type AuditFilterValues,
  filtersFromSearchParams,
  filtersToQuery,
  hasFilters,
} from "@/components/audit-log/filters.ts";
import { VerifyIntegrity } from "@/components/audit-log/verify-integrity.tsx";
import type { OrganizationPageProps } from "@/components/console/page-props.ts";
import { FilterRefusal } from "@/components/filter-parts.tsx";
import { PageHeader, Section } from "@/components/page-header.tsx";
import { RefusedPage } from "@/components/refused-page.tsx";
import { getServerCaller, loadUnlessRefused, REFUSED } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Audit log" };

const ACTOR_TYPES = ["USER", "API_TOKEN", "SYSTEM"] as const;

// Spelled out here: values exported by a "use client" module are not plain strings in a server component.
const exportButtonClass =
  "inline-flex items-center justify-center rounded-md bg-surface px-3.5 py-2 text-sm font-semibold text-fg shadow-sm ring-1 ring-line-strong ring-inset hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600";

function listInput(organizationId: string, filters: AuditFilterValues) {
  const date = (value: string) => (value ? new Date(value) : null);
  return {
    organizationId,
    actorId: filters.actorId || null,
    // An unknown type is passed through so the server names the field.
    actorType: (filters.actorType || null) as (typeof ACTOR_TYPES)[number] | null,
    action: filters.action || null,
    targetType: filters.targetType || null,
    targetId: filters.targetId || null,
    from: date(filters.from),
    to: date(filters.to),
  };
}

/**
 * The organization's audit log: every change, who made it, from where. Organization owners
 * only; others see the server's reason. Filters live in the URL.
 */
export default async function AuditLogPage({ params, searchParams }: OrganizationPageProps) {
  const { organizationId } = await params;
  const filters = filtersFromSearchParams(await searchParams);
  const basePath = `/orgs/${organizationId}/audit-log`;
  const query = listInput(organizationId, filters);
  const caller = await getServerCaller();

  let firstPage: Awaited<ReturnType<typeof caller.audit.list>> | null = null;
  let filterError: string | undefined;
  try {
    const loaded = await loadUnlessRefused(caller.audit.list({ ...query, limit: 50 }));
    if (loaded === REFUSED) {
      return (
        <RefusedPage
          header="Audit log"
          reason="Only organization owners can see the audit log"
          message="Ask an owner of this organization if you need to know who changed what."
        />
      );
    }
    firstPage = loaded;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") filterError = error.message;
    else throw error;
  }

  const exportQuery = filtersToQuery(filters);
  // The REST API's export, with the session cookie (the console has no export route of its own).
  const exportHref = `/api/v1/organizations/${encodeURIComponent(organizationId)}/audit-logs/export${exportQuery ? `?${exportQuery}` : ""}`;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit log"
        description="Every change in this organization, who made it (a person or an API token), and from where. Events are append-only and hash-chained: verification finds any event that was altered, removed or reordered."
        actions={
          <a href={exportHref} download className={exportButtonClass}>
            {hasFilters(filters) ? "Export filtered NDJSON" : "Export NDJSON"}
          </a>
        }
      />

      <Section id="integrity-heading" title="Integrity">
        <div className="px-5 py-4">
          <VerifyIntegrity organizationId={organizationId} />
        </div>
      </Section>

      <Section id="events-heading" title="Events" description="Newest first. Times are in UTC.">
        <AuditFilterBar key={exportQuery} basePath={basePath} filters={filters} />
        <FilterRefusal message={filterError} />
        <div className="border-t border-line">
          {firstPage ? (
            <AuditLogTable
              key={exportQuery}
              basePath={basePath}
              query={query}
              filters={filters}
              initialPage={firstPage}
            />
          ) : null}
        </div>
      </Section>
    </div>
  );
}

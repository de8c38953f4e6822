import { DAG_RUN_STATES } from "@skyport/domain";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { FilterRefusal } from "@/components/filter-parts.tsx";
import { Section } from "@/components/page-header.tsx";
import { CONSOLE_PAGE_SIZE, cursorParam, PageLinks } from "@/components/pagination.tsx";
import { NoRunsYet } from "@/components/telemetry/no-runs-yet.tsx";
import { RunFilterBar } from "@/components/telemetry/run-filter-bar.tsx";
import {
  runFiltersFromSearchParams,
  runFiltersToQuery,
  runListInput,
} from "@/components/telemetry/run-filters.ts";
import { RunsTable } from "@/components/telemetry/runs-table.tsx";
import { TelemetryFrame } from "@/components/telemetry/telemetry-frame.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "DAG runs" };

/** The deployment's DAG runs as its runtime reported them, filtered by DAG, state and time; filters live in the URL. */
export default async function DagRunsPage(page: {
  params: Promise<{ organizationId: string; deploymentId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ organizationId, deploymentId }, query] = await Promise.all([page.params, page.searchParams]);
  const filters = runFiltersFromSearchParams(query);
  const cursor = cursorParam(query);
  const filterQuery = runFiltersToQuery(filters);
  const basePath = `/orgs/${organizationId}/deployments/${deploymentId}/runs`;
  const caller = await getServerCaller();

  let runs: Awaited<ReturnType<typeof caller.telemetry.listRuns>> | null = null;
  let filterError: string | undefined;
  try {
    runs = await loadForPage(
      caller.telemetry.listRuns({
        ...runListInput(organizationId, deploymentId, filters),
        ...(cursor ? { cursor } : {}),
        limit: CONSOLE_PAGE_SIZE,
      }),
    );
  } catch (error) {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") filterError = error.message;
    else throw error;
  }
  const filtered = filterQuery !== "";

  return (
    <TelemetryFrame
      organizationId={organizationId}
      deploymentId={deploymentId}
      title="DAG runs"
      description="What the deployment's Airflow reported: each DAG run with its state, timing and how it was started."
    >
      <Section id="runs-heading" title="Runs" description="Most recent activity first. Times are in UTC.">
        <RunFilterBar key={filterQuery} basePath={basePath} filters={filters} states={DAG_RUN_STATES} />
        <FilterRefusal message={filterError} />
        <div className="border-t border-line">
          {runs && runs.items.length > 0 ? (
            <>
              <RunsTable organizationId={organizationId} deploymentId={deploymentId} runs={runs.items} />
              <PageLinks
                basePath={filtered ? `${basePath}?${filterQuery}` : basePath}
                cursor={cursor}
                nextCursor={runs.nextCursor}
                noun="runs"
              />
            </>
          ) : runs && (filtered || cursor) ? (
            <p className="px-5 py-6 text-sm text-fg-muted">No DAG runs match these filters.</p>
          ) : runs ? (
            <NoRunsYet />
          ) : null}
        </div>
      </Section>
    </TelemetryFrame>
  );
}

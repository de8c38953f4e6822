import { RUNS_OVERVIEW_RANGES, type RunsOverviewRange } from "@skyport/domain";
import { DescriptionList } from "@skyport/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/button-classes.ts";
import { loadDeployment } from "@/components/console/access.ts";
import { ResourceHeader } from "@/components/console/resource-header.tsx";
import { AirflowSignInReveal } from "@/components/deployments/airflow-sign-in.tsx";
import { AutoRefresh } from "@/components/deployments/auto-refresh.tsx";
import { newestRuntimesFirst } from "@/components/deployments/catalog-order.ts";
import { DeleteDeployment } from "@/components/deployments/delete-deployment.tsx";
import { deploymentCrumbs } from "@/components/deployments/deployment-crumbs.ts";
import { DeploymentStatusBadge } from "@/components/deployments/deployment-status.tsx";
import { DeploymentTabs } from "@/components/deployments/deployment-tabs.tsx";
import { EditDeploymentForm } from "@/components/deployments/edit-deployment-form.tsx";
import {
  airflowAvailability,
  provisionerWorking,
  runsLocally,
} from "@/components/deployments/runtime-state.ts";
import { SpecSummary } from "@/components/deployments/spec-summary.tsx";
import { Section } from "@/components/page-header.tsx";
import { IngestTokenCard } from "@/components/telemetry/ingest-token-card.tsx";
import { ingestEndpoint } from "@/components/telemetry/no-runs-yet.tsx";
import { RunsOverviewPanel } from "@/components/telemetry/runs-overview-panel.tsx";
import { TelemetrySummaryPanel } from "@/components/telemetry/telemetry-summary.tsx";
import { formatUtc } from "@/components/time-format.ts";
import { getServerCaller, loadForPage, loadUnlessRefused, REFUSED } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Deployment" };

function generationText(generation: number, observed: number, status: string): string {
  if (status === "DELETING") return "The provisioner is removing the runtime and its database.";
  if (observed >= generation) return "The runtime matches the latest settings.";
  if (observed === 0)
    return `The runtime has not been built yet; the provisioner is working on generation ${generation}.`;
  return `The runtime runs generation ${observed}; the provisioner is applying generation ${generation}.`;
}

/** The overview's time range from `?range=`, the default when absent or unknown. */
function rangeOf(value: string | string[] | undefined): RunsOverviewRange {
  return (RUNS_OVERVIEW_RANGES as readonly string[]).includes(String(value))
    ? (value as RunsOverviewRange)
    : "24h";
}

export default async function DeploymentPage({
  params,
  searchParams,
}: {
  params: Promise<{ organizationId: string; deploymentId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ organizationId, deploymentId }, query] = await Promise.all([params, searchParams]);
  const range = rangeOf(query.range);
  const caller = await getServerCaller();
  const [deployment, catalog] = await Promise.all([
    loadDeployment(organizationId, deploymentId),
    loadForPage(caller.deployment.runtimeCatalog()).then(newestRuntimesFirst),
  ]);
  const [{ crumbs, workspace }, summary, runsOverview, ingestToken] = await Promise.all([
    deploymentCrumbs(organizationId, deployment.workspaceId),
    loadUnlessRefused(caller.telemetry.getSummary({ organizationId, deploymentId })),
    loadUnlessRefused(caller.telemetry.getRunsOverview({ organizationId, deploymentId, range })),
    loadUnlessRefused(caller.telemetry.getIngestToken({ organizationId, deploymentId })),
  ]);
  const deleting = deployment.status === "DELETING";
  const airflow = airflowAvailability(deployment);

  return (
    <div className="space-y-6">
      <ResourceHeader crumbs={crumbs} name={deployment.name} description={deployment.description}>
        <Link
          href={`/orgs/${organizationId}/deployments/${deploymentId}/deploys`}
          className={buttonClasses.secondary}
        >
          Deploys
        </Link>
        {airflow.open ? (
          <a
            href={deployment.airflowUrl}
            target="_blank"
            rel="noreferrer"
            className={buttonClasses.secondary}
          >
            Open Airflow<span className="sr-only"> (opens in a new tab)</span>
          </a>
        ) : (
          <button
            type="button"
            disabled
            title={airflow.reason}
            aria-describedby="airflow-unavailable"
            className={buttonClasses.secondary}
          >
            Open Airflow
          </button>
        )}
      </ResourceHeader>
      <DeploymentTabs organizationId={organizationId} deploymentId={deploymentId} />

      <Section id="deployment-status-heading" title="Status">
        <div className="space-y-3 px-5 py-4">
          <div aria-live="polite" className="space-y-2">
            <div className="flex flex-wrap items-center gap-3">
              <DeploymentStatusBadge status={deployment.status} reason={deployment.statusReason} />
              <p className="min-w-0 text-sm wrap-anywhere text-fg">
                {deployment.statusReason || "No word from the provisioner yet."}
              </p>
            </div>
            <p className="text-sm text-fg-muted">
              Generation {deployment.generation} · observed {deployment.observedGeneration}.{" "}
              {generationText(deployment.generation, deployment.observedGeneration, deployment.status)}
            </p>
          </div>
          <AutoRefresh active={provisionerWorking(deployment)} />
        </div>
      </Section>

      {summary !== REFUSED ? (
        <Section
          id="deployment-telemetry-heading"
          title="Telemetry"
          description="What the runtime reported through OpenLineage. Times are in UTC."
        >
          <TelemetrySummaryPanel
            organizationId={organizationId}
            deploymentId={deploymentId}
            summary={summary}
          />
        </Section>
      ) : null}

      {summary !== REFUSED && summary.lastEventReceivedAt && runsOverview !== REFUSED ? (
        <Section
          id="deployment-runs-overview-heading"
          title="Runs over time"
          description="Runs count in the bucket of their latest event. Times are in UTC."
        >
          <RunsOverviewPanel
            overview={runsOverview}
            basePath={`/orgs/${organizationId}/deployments/${deploymentId}`}
          />
        </Section>
      ) : null}

      <Section id="deployment-details-heading" title="Details">
        <DescriptionList
          className="px-5 py-4"
          items={[
            {
              term: "Airflow UI",
              detail: airflow.open ? (
                <a
                  href={deployment.airflowUrl}
                  target="_blank"
                  rel="noreferrer"
                  className="font-mono break-all text-link hover:underline"
                >
                  {deployment.airflowUrl}
                </a>
              ) : (
                <>
                  <span className="font-mono break-all text-fg-muted">{deployment.airflowUrl}</span>
                  <span id="airflow-unavailable" className="mt-0.5 block text-fg-muted">
                    Not available yet. {airflow.reason}
                  </span>
                </>
              ),
            },
            ...(runsLocally(deployment.airflowUrl)
              ? [
                  {
                    term: "Airflow sign-in",
                    detail: deployment.can.update ? (
                      <AirflowSignInReveal organizationId={organizationId} deploymentId={deploymentId} />
                    ) : (
                      "A local runtime: its generated admin sign-in is shown to workspace operators and deployment admins."
                    ),
                  },
                ]
              : []),
            {
              term: "Runtime",
              detail: deployment.runtime ? (
                <>
                  Airflow {deployment.runtime.version} (Airflow {deployment.runtime.major}, Python{" "}
                  {deployment.runtime.python}) ·{" "}
                  <code className="font-mono text-xs break-all">{deployment.runtime.image}</code>
                </>
              ) : (
                `Airflow ${deployment.spec.runtimeVersion} (no longer offered; choose another version to change settings)`
              ),
            },
            { term: "Namespace", detail: deployment.namespace, className: "font-mono" },
            { term: "Workspace", detail: workspace?.name ?? "—" },
            {
              term: "Created",
              detail: (
                <time dateTime={deployment.createdAt.toISOString()}>{formatUtc(deployment.createdAt)}</time>
              ),
            },
            {
              term: "Updated",
              detail: (
                <time dateTime={deployment.updatedAt.toISOString()}>{formatUtc(deployment.updatedAt)}</time>
              ),
            },
            { term: "ID", detail: deployment.id, className: "font-mono" },
          ]}
        />
      </Section>

      {ingestToken !== REFUSED ? (
        <Section
          id="deployment-ingest-token-heading"
          title="Ingest token"
          description="The runtime reports its runs with this token (Authorization: Bearer skl_…). Skyport keeps only its hash."
        >
          <IngestTokenCard
            organizationId={organizationId}
            deploymentId={deploymentId}
            ingestToken={ingestToken.ingestToken}
            // deployment.ingestToken.rotate and deployment.update allow the same roles (a test pins it).
            canRotate={deployment.can.update && !deleting}
            endpoint={ingestEndpoint()}
          />
        </Section>
      ) : null}

      <Section
        id="deployment-spec-heading"
        title="Settings"
        description="What the provisioner builds and keeps running."
      >
        <SpecSummary spec={deployment.spec} catalog={catalog} />
      </Section>

      {deployment.can.update && !deleting ? (
        <Section
          id="deployment-edit-heading"
          title="Change settings"
          description="The name and namespace are fixed; everything else can change."
        >
          <EditDeploymentForm organizationId={organizationId} deployment={deployment} catalog={catalog} />
        </Section>
      ) : null}

      {deployment.can.delete && !deleting ? (
        <Section id="deployment-delete-heading" title="Delete deployment">
          <DeleteDeployment organizationId={organizationId} deployment={deployment} />
        </Section>
      ) : null}
    </div>
  );
}

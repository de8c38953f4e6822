import { EmptyState } from "@skyport/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/button-classes.ts";
import { LogViewer } from "@/components/deployments/log-viewer.tsx";
import { Section } from "@/components/page-header.tsx";
import { TelemetryFrame } from "@/components/telemetry/telemetry-frame.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Logs" };

/** The last lines of one of a local runtime's Airflow components, with a picker and a follow toggle. */
export default async function LogsPage(page: {
  params: Promise<{ organizationId: string; deploymentId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ organizationId, deploymentId }, query] = await Promise.all([page.params, page.searchParams]);
  const caller = await getServerCaller();
  const overview = await loadForPage(caller.deployment.logs({ organizationId, deploymentId, lines: 1 }));
  const wanted = typeof query.component === "string" ? query.component : undefined;
  const component =
    wanted && overview.components.includes(wanted)
      ? wanted
      : overview.components.includes("scheduler")
        ? "scheduler"
        : (overview.components[0] ?? "scheduler");
  const logs =
    overview.available && overview.components.includes(component)
      ? await loadForPage(caller.deployment.logs({ organizationId, deploymentId, component, lines: 500 }))
      : overview;
  const base = `/orgs/${organizationId}/deployments/${deploymentId}/logs`;

  return (
    <TelemetryFrame
      organizationId={organizationId}
      deploymentId={deploymentId}
      title="Logs"
      description="What each Airflow component of this deployment's local runtime writes, newest last."
    >
      {!logs.available ? (
        <EmptyState title="No logs here">
          <p className="wrap-anywhere">{logs.note}</p>
        </EmptyState>
      ) : logs.components.length === 0 ? (
        <EmptyState title="No logs yet">
          <p>Components write here once the provisioner has installed Airflow and started them.</p>
        </EmptyState>
      ) : (
        <>
          <nav aria-label="Component" className="flex flex-wrap gap-2">
            {logs.components.map((name) => (
              <Link
                key={name}
                href={`${base}?component=${encodeURIComponent(name)}`}
                aria-current={name === component ? "page" : undefined}
                className={name === component ? buttonClasses.primary : buttonClasses.secondary}
              >
                {name}
              </Link>
            ))}
          </nav>
          <Section id="component-log-heading" title={component} description="The last 500 lines.">
            <div className="px-5 py-4">
              <LogViewer
                key={component}
                organizationId={organizationId}
                deploymentId={deploymentId}
                component={component}
                initialLines={logs.lines}
                initialCursor={logs.cursor}
              />
            </div>
          </Section>
        </>
      )}
    </TelemetryFrame>
  );
}

import type { ReactNode } from "react";
import { Breadcrumbs } from "@/components/deployments/breadcrumbs.tsx";
import { PageHeader } from "@/components/page-header.tsx";
import { TabNav } from "@/components/tab-nav.tsx";
import { type EnvironmentOwner, type EnvironmentTab, environmentHref, environmentTabs } from "./owner.ts";
import type { EnvironmentPageData } from "./page-data.ts";

/** The environment pages' tabs: each one its own URL, so every view can be bookmarked. */
function EnvironmentTabs({ owner, current }: { owner: EnvironmentOwner; current: EnvironmentTab }) {
  return (
    <TabNav
      label="Environment"
      tabs={environmentTabs(owner).map(({ tab, label }) => ({
        href: environmentHref(owner, tab),
        label,
        current: tab === current,
      }))}
    />
  );
}

/** Why the page offers no changes (names-only role, or a deployment being deleted). */
export function ReadOnlyNotice({ reason }: { reason: string }) {
  return (
    <div
      role="note"
      className="rounded-xl border border-info-line bg-accent-soft px-5 py-3 text-sm text-info-fg"
    >
      <p className="font-semibold">Read only</p>
      <p className="mt-0.5">{reason}</p>
    </div>
  );
}

/** Breadcrumbs, heading, tabs and (when read-only) the reason, around one environment view. */
export function EnvironmentFrame({
  crumbs,
  title,
  description,
  owner,
  current,
  readOnlyReason,
  children,
}: {
  crumbs: Array<{ label: string; href?: string }>;
  title: string;
  description: ReactNode;
  owner: EnvironmentOwner;
  current: EnvironmentTab;
  readOnlyReason: string | null;
  children: ReactNode;
}) {
  return (
    <div className="space-y-6">
      <div>
        <Breadcrumbs items={crumbs} />
        <PageHeader title={title} description={description} />
        <div className="mt-4">
          <EnvironmentTabs owner={owner} current={current} />
        </div>
      </div>
      {readOnlyReason ? <ReadOnlyNotice reason={readOnlyReason} /> : null}
      {children}
    </div>
  );
}

/** An environment view of a deployment or workspace, framed with its heading and tabs. */
export function EnvironmentPage({
  data,
  current,
  children,
}: {
  data: Pick<EnvironmentPageData, "owner" | "crumbs" | "name" | "access">;
  current: EnvironmentTab;
  children: ReactNode;
}) {
  const description =
    data.owner.kind === "deployment"
      ? `What ${data.name}'s Airflow receives: environment variables, Airflow connections and Airflow variables, delivered to its containers through a Kubernetes Secret. Workspace objects linked to it arrive too.`
      : `Environment variables, Airflow connections and Airflow variables of ${data.name}, delivered to all of its deployments or to chosen ones.`;
  return (
    <EnvironmentFrame
      crumbs={data.crumbs}
      title="Environment"
      description={description}
      owner={data.owner}
      current={current}
      readOnlyReason={data.access.readOnlyReason}
    >
      {children}
    </EnvironmentFrame>
  );
}

"use client";

import { usePathname } from "next/navigation";
import { TabNav } from "@/components/tab-nav.tsx";

/**
 * The deployment's pages, one tab each: the segment under the deployment's URL ("" for the
 * overview) and the segments of pages that belong to the tab. This list is the only place
 * that names them; add a tab here.
 */
const DEPLOYMENT_TABS: ReadonlyArray<{ segment: string; label: string; also?: readonly string[] }> = [
  { segment: "", label: "Overview" },
  { segment: "runs", label: "DAG runs", also: ["dags"] },
  { segment: "metrics", label: "Metrics" },
  { segment: "logs", label: "Logs" },
  { segment: "environment", label: "Environment" },
  { segment: "alerts", label: "Alerts" },
  { segment: "recommendations", label: "Recommendations" },
];

/** Tabs under a deployment's heading. */
export function DeploymentTabs({
  organizationId,
  deploymentId,
}: {
  organizationId: string;
  deploymentId: string;
}) {
  const pathname = usePathname();
  const base = `/orgs/${organizationId}/deployments/${deploymentId}`;
  const under = (segment: string) =>
    pathname === `${base}/${segment}` || pathname.startsWith(`${base}/${segment}/`);
  return (
    <TabNav
      label="Deployment"
      tabs={DEPLOYMENT_TABS.map((tab) => ({
        href: tab.segment ? `${base}/${tab.segment}` : base,
        label: tab.label,
        current: tab.segment === "" ? pathname === base : [tab.segment, ...(tab.also ?? [])].some(under),
      }))}
    />
  );
}

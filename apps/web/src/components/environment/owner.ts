// Whose environment a page shows: one deployment's own objects, or a workspace's (which reach its
// deployments through links). Plain data, so server pages can hand it to client forms, and the
// domain's own owner type, so it goes into every environment procedure's input as it is.
import type { EnvironmentOwner } from "@skyport/domain";

export type { EnvironmentOwner };

/** Where the owner's environment pages live: `/orgs/…/deployments/…/environment` and below. */
export function environmentHref(owner: EnvironmentOwner, tab: EnvironmentTab = "variables"): string {
  const base =
    owner.kind === "deployment"
      ? `/orgs/${owner.organizationId}/deployments/${owner.deploymentId}/environment`
      : `/orgs/${owner.organizationId}/workspaces/${owner.workspaceId}/environment`;
  const segment = TAB_SEGMENTS[tab];
  return segment ? `${base}/${segment}` : base;
}

export type EnvironmentTab = "variables" | "connections" | "airflowVariables" | "import" | "delivered";

const TAB_SEGMENTS: Record<EnvironmentTab, string> = {
  variables: "",
  connections: "connections",
  airflowVariables: "airflow-variables",
  import: "import",
  delivered: "delivered",
};

/** The tabs an owner has: only a deployment has a "what it receives" view. */
export function environmentTabs(owner: EnvironmentOwner): Array<{ tab: EnvironmentTab; label: string }> {
  const tabs: Array<{ tab: EnvironmentTab; label: string }> = [
    { tab: "variables", label: "Environment variables" },
    { tab: "connections", label: "Airflow connections" },
    { tab: "airflowVariables", label: "Airflow variables" },
    { tab: "import", label: "Import .env" },
  ];
  if (owner.kind === "deployment") tabs.push({ tab: "delivered", label: "What it receives" });
  return tabs;
}

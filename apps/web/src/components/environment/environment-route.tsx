// The environment pages of both owners come from here: each page file names its owner kind and
// its tab (`environmentRoute("deployment", "connections")`), and gets the same title, loading,
// framing and view. Access was decided by the segment's layout (the "no access" page, 403).
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { EnvironmentPage } from "./environment-frame.tsx";
import type { EnvironmentTab } from "./owner.ts";
import {
  type EnvironmentPageData,
  loadDeploymentEnvironmentPage,
  loadWorkspaceEnvironmentPage,
} from "./page-data.ts";
import { ConnectionsView } from "./views/connections-view.tsx";
import { DeliveredView } from "./views/delivered-view.tsx";
import { ImportView } from "./views/import-view.tsx";
import { KeyValueView } from "./views/key-value-view.tsx";

const TITLES: Record<EnvironmentTab, string> = {
  variables: "Environment variables",
  connections: "Airflow connections",
  airflowVariables: "Airflow variables",
  import: "Import .env",
  delivered: "What the deployment receives",
};

function view(tab: EnvironmentTab, data: EnvironmentPageData): ReactNode {
  switch (tab) {
    case "variables":
      return <KeyValueView data={data} kind="environmentVariable" />;
    case "airflowVariables":
      return <KeyValueView data={data} kind="airflowVariable" />;
    case "connections":
      return <ConnectionsView data={data} />;
    case "import":
      return <ImportView data={data} />;
    case "delivered":
      return <DeliveredView data={data} />;
    default: {
      const never: never = tab;
      return never;
    }
  }
}

export function environmentMetadata(tab: EnvironmentTab): Metadata {
  return { title: TITLES[tab] };
}

export type DeploymentEnvironmentParams = {
  params: Promise<{ organizationId: string; deploymentId: string }>;
};
export type WorkspaceEnvironmentParams = { params: Promise<{ organizationId: string; workspaceId: string }> };

/** A deployment's environment page at one tab. */
export async function DeploymentEnvironmentTab({
  params,
  tab,
}: DeploymentEnvironmentParams & { tab: EnvironmentTab }) {
  const { organizationId, deploymentId } = await params;
  const data = await loadDeploymentEnvironmentPage(organizationId, deploymentId);
  return (
    <EnvironmentPage data={data} current={tab}>
      {view(tab, data)}
    </EnvironmentPage>
  );
}

/** A workspace's environment page at one tab. */
export async function WorkspaceEnvironmentTab({
  params,
  tab,
}: WorkspaceEnvironmentParams & { tab: EnvironmentTab }) {
  const { organizationId, workspaceId } = await params;
  const data = await loadWorkspaceEnvironmentPage(organizationId, workspaceId);
  return (
    <EnvironmentPage data={data} current={tab}>
      {view(tab, data)}
    </EnvironmentPage>
  );
}

/**
 * What an environment page file exports: its title and its page, for one owner kind and tab.
 * Each page file calls this once, at module level, so every render gets the same component.
 */
export function environmentRoute(owner: "deployment" | "workspace", tab: EnvironmentTab) {
  const metadata = environmentMetadata(tab);
  if (owner === "deployment") {
    // biome-ignore lint/correctness/noComponentHookFactories: made once per page module, not per render
    const Page = ({ params }: DeploymentEnvironmentParams) => (
      <DeploymentEnvironmentTab params={params} tab={tab} />
    );
    return { metadata, Page };
  }
  // biome-ignore lint/correctness/noComponentHookFactories: made once per page module, not per render
  const Page = ({ params }: WorkspaceEnvironmentParams) => (
    <WorkspaceEnvironmentTab params={params} tab={tab} />
  );
  return { metadata, Page };
}

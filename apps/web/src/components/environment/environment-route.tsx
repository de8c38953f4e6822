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

type OwnerKind = "deployment" | "workspace";
type EnvironmentParams = {
  params: Promise<{ organizationId: string; deploymentId?: string; workspaceId?: string }>;
};

const LOADERS: Record<OwnerKind, (organizationId: string, ownerId: string) => Promise<EnvironmentPageData>> =
  { deployment: loadDeploymentEnvironmentPage, workspace: loadWorkspaceEnvironmentPage };

/** A deployment's or a workspace's environment page at one tab. */
async function EnvironmentTabPage({
  params,
  owner,
  tab,
}: EnvironmentParams & { owner: OwnerKind; tab: EnvironmentTab }) {
  const { organizationId, deploymentId, workspaceId } = await params;
  const ownerId = owner === "deployment" ? deploymentId : workspaceId;
  const data = await LOADERS[owner](organizationId, ownerId ?? "");
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
export function environmentRoute(owner: OwnerKind, tab: EnvironmentTab) {
  // biome-ignore lint/correctness/noComponentHookFactories: made once per page module, not per render
  const Page = ({ params }: EnvironmentParams) => (
    <EnvironmentTabPage params={params} owner={owner} tab={tab} />
  );
  return { metadata: environmentMetadata(tab), Page };
}

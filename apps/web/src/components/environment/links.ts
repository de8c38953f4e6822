// Which deployments a workspace object reaches: all of the workspace's deployments, or chosen
// ones (none chosen: it reaches no deployment until one is). Plain helpers for the link picker.
import type { LinkableDeployment } from "./types.ts";

export interface LinksDraft {
  mode: "all" | "chosen";
  chosen: string[];
}

export interface LinksView {
  linkAllDeployments: boolean;
  linkedDeploymentIds: string[];
}

/** New workspace objects reach every deployment unless the author narrows it. */
export const NEW_LINKS: LinksDraft = { mode: "all", chosen: [] };

export function linksDraftOf(view: LinksView): LinksDraft {
  return view.linkAllDeployments
    ? { mode: "all", chosen: [] }
    : { mode: "chosen", chosen: [...view.linkedDeploymentIds] };
}

/** What the procedures take: either all deployments or the chosen ids, never both. */
export function linksInput(draft: LinksDraft): LinksView {
  return draft.mode === "all"
    ? { linkAllDeployments: true, linkedDeploymentIds: [] }
    : { linkAllDeployments: false, linkedDeploymentIds: [...draft.chosen] };
}

/** "All deployments", "orders-etl, billing", or "No deployment" in words for a table cell. */
export function describeLinks(view: LinksView, deployments: readonly LinkableDeployment[]): string {
  if (view.linkAllDeployments) return "All deployments";
  if (view.linkedDeploymentIds.length === 0) return "No deployment";
  const names = new Map(deployments.map((deployment) => [deployment.id, deployment.name]));
  // An id the list does not know was deleted meanwhile; say so rather than show an id.
  return view.linkedDeploymentIds.map((id) => names.get(id) ?? "a deleted deployment").join(", ");
}

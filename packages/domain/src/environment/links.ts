// Workspace objects reach deployments through links: all of the workspace's deployments, or
// chosen ones. Deployment objects have no links. Also: which deployments a change affects (and
// so must be reconciled), before and after it.
import type { Db } from "../authz/authorize.ts";
import { liveWorkspaceDeploymentIds } from "../deployments/workspace-deployments.ts";
import type { FieldIssue } from "../shared/errors.ts";
import type { ResolvedOwner } from "./scope.ts";

export const MAX_LINKED_DEPLOYMENTS = 500;

export interface Links {
  linkAllDeployments: boolean;
  linkedDeploymentIds: string[];
}

export const NO_LINKS: Links = { linkAllDeployments: false, linkedDeploymentIds: [] };

export function linksOf(row: Links): Links {
  return { linkAllDeployments: row.linkAllDeployments, linkedDeploymentIds: row.linkedDeploymentIds };
}

export function sameLinks(a: Links, b: Links): boolean {
  return (
    a.linkAllDeployments === b.linkAllDeployments &&
    a.linkedDeploymentIds.join() === b.linkedDeploymentIds.join()
  );
}

export interface LinksInput {
  linkAllDeployments?: unknown;
  linkedDeploymentIds?: unknown;
}

/**
 * Validates links against the owner: refused on deployment objects, and every chosen id must be
 * a live deployment of the workspace (another workspace's or organization's id is reported like
 * a missing one). `current` is kept for what the input leaves out. Issues are appended.
 */
export async function parseLinks(
  db: Db,
  owner: ResolvedOwner,
  input: LinksInput,
  current: Links,
  issues: FieldIssue[],
): Promise<Links> {
  const given = input.linkAllDeployments !== undefined || input.linkedDeploymentIds !== undefined;
  if (owner.scope === "DEPLOYMENT") {
    if (given) {
      const field = input.linkAllDeployments !== undefined ? "linkAllDeployments" : "linkedDeploymentIds";
      issues.push({
        field,
        message: "links are for workspace objects; a deployment's own objects reach only it",
      });
    }
    return NO_LINKS;
  }
  let linkAllDeployments = current.linkAllDeployments;
  if (input.linkAllDeployments !== undefined) {
    if (typeof input.linkAllDeployments !== "boolean") {
      issues.push({ field: "linkAllDeployments", message: "must be true or false" });
    } else linkAllDeployments = input.linkAllDeployments;
  }
  let linkedDeploymentIds = current.linkedDeploymentIds;
  if (input.linkedDeploymentIds !== undefined) {
    const ids = input.linkedDeploymentIds;
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== "string")) {
      issues.push({ field: "linkedDeploymentIds", message: "must be a list of deployment ids" });
      return { linkAllDeployments, linkedDeploymentIds };
    }
    if (ids.length > MAX_LINKED_DEPLOYMENTS) {
      issues.push({ field: "linkedDeploymentIds", message: `at most ${MAX_LINKED_DEPLOYMENTS} deployments` });
      return { linkAllDeployments, linkedDeploymentIds };
    }
    const unique = [...new Set(ids as string[])];
    const known = await liveWorkspaceDeploymentIds(db, owner, unique);
    (ids as string[]).forEach((id, index) => {
      if (!known.has(id)) {
        issues.push({
          field: `linkedDeploymentIds.${index}`,
          message: "is not a deployment of this workspace",
        });
      }
    });
    linkedDeploymentIds = unique.sort();
  }
  if (linkAllDeployments && linkedDeploymentIds.length > 0 && input.linkedDeploymentIds !== undefined) {
    issues.push({
      field: "linkedDeploymentIds",
      message: "choose either all of the workspace's deployments or chosen ones, not both",
    });
  }
  // Linking to all supersedes a list kept from before.
  return { linkAllDeployments, linkedDeploymentIds: linkAllDeployments ? [] : linkedDeploymentIds };
}

/** A live deployment to reconcile after a change. */
export interface AffectedDeployment {
  id: string;
  generation: number;
}

/**
 * The deployments an object reaches under any of the given link states (before and after a
 * change: a deployment it stops reaching must be reconciled too).
 */
export async function affectedDeployments(
  db: Db,
  owner: ResolvedOwner,
  states: readonly Links[],
): Promise<AffectedDeployment[]> {
  const base = { organizationId: owner.organizationId, workspaceId: owner.workspaceId, deletedAt: null };
  const select = { id: true, generation: true } as const;
  if (owner.scope === "DEPLOYMENT") {
    return db.deployment.findMany({ where: { ...base, id: owner.deploymentId ?? "" }, select });
  }
  if (states.some((state) => state.linkAllDeployments)) {
    return db.deployment.findMany({ where: base, select, orderBy: { id: "asc" } });
  }
  const ids = [...new Set(states.flatMap((state) => state.linkedDeploymentIds))];
  if (ids.length === 0) return [];
  return db.deployment.findMany({ where: { ...base, id: { in: ids } }, select, orderBy: { id: "asc" } });
}

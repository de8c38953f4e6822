import { cache } from "react";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

/**
 * The deployment or workspace a page is about, or the "no access" page (403) / 404. The
 * segment's layout calls it before any loading boundary, so a refusal is decided before the
 * response starts streaming and answers with its own status; the page's call is the same
 * request-cached lookup.
 */
export const loadDeployment = cache(async (organizationId: string, deploymentId: string) => {
  const caller = await getServerCaller();
  return loadForPage(caller.deployment.get({ organizationId, deploymentId }));
});

export const loadWorkspace = cache(async (organizationId: string, workspaceId: string) => {
  const caller = await getServerCaller();
  return loadForPage(caller.workspace.get({ organizationId, workspaceId }));
});

import type { Crumb } from "@skyport/ui";
import { TRPCError } from "@trpc/server";
import { cache } from "react";
import { getServerCaller } from "@/server/trpc/server-caller.ts";

/**
 * Where a deployment's pages sit: Workspaces / its workspace / Deployments. A deployment admin
 * may hold no role in the workspace itself: then the workspace has no link (and no name).
 */
export const deploymentCrumbs = cache(
  async (
    organizationId: string,
    workspaceId: string,
  ): Promise<{ crumbs: Crumb[]; workspace: { name: string } | null }> => {
    const caller = await getServerCaller();
    const workspace = await caller.workspace.get({ organizationId, workspaceId }).catch((error: unknown) => {
      if (error instanceof TRPCError && (error.code === "FORBIDDEN" || error.code === "NOT_FOUND"))
        return null;
      throw error;
    });
    const workspaceHref = `/orgs/${organizationId}/workspaces/${workspaceId}`;
    return {
      workspace,
      crumbs: [
        { label: "Workspaces", href: `/orgs/${organizationId}/workspaces` },
        ...(workspace
          ? [
              { label: workspace.name, href: workspaceHref },
              { label: "Deployments", href: `${workspaceHref}/deployments` },
            ]
          : []),
      ],
    };
  },
);

import type { ReactNode } from "react";
import { loadWorkspace } from "@/components/console/access.ts";

/** Decides access to the workspace, its deployments and environment pages before anything streams. */
export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ organizationId: string; workspaceId: string }>;
}) {
  const { organizationId, workspaceId } = await params;
  await loadWorkspace(organizationId, workspaceId);
  return children;
}

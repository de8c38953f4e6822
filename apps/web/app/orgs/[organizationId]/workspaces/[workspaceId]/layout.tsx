import { loadWorkspace } from "@/components/console/access.ts";
import { accessLayout } from "@/components/console/access-layout.tsx";

/** Decides access to the workspace, its deployments and environment pages before anything streams. */
export default accessLayout(
  ({ organizationId, workspaceId }: { organizationId: string; workspaceId: string }) =>
    loadWorkspace(organizationId, workspaceId),
);

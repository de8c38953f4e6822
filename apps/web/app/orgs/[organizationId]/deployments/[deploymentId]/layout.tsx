import { loadDeployment } from "@/components/console/access.ts";
import { accessLayout } from "@/components/console/access-layout.tsx";

/** Decides access to the deployment and its environment pages before anything streams. */
export default accessLayout(
  ({ organizationId, deploymentId }: { organizationId: string; deploymentId: string }) =>
    loadDeployment(organizationId, deploymentId),
);

import type { ReactNode } from "react";
import { loadDeployment } from "@/components/console/access.ts";

/** Decides access to the deployment and its environment pages before anything streams. */
export default async function DeploymentLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ organizationId: string; deploymentId: string }>;
}) {
  const { organizationId, deploymentId } = await params;
  await loadDeployment(organizationId, deploymentId);
  return children;
}

import {
  type DeploymentEnvironmentParams,
  DeploymentEnvironmentTab,
  environmentMetadata,
} from "@/components/environment/environment-route.tsx";

export const metadata = environmentMetadata("delivered");

export default function Page({ params }: DeploymentEnvironmentParams) {
  return <DeploymentEnvironmentTab params={params} tab="delivered" />;
}

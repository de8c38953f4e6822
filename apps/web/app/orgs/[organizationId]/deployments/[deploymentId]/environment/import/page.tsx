import {
  type DeploymentEnvironmentParams,
  DeploymentEnvironmentTab,
  environmentMetadata,
} from "@/components/environment/environment-route.tsx";

export const metadata = environmentMetadata("import");

export default function Page({ params }: DeploymentEnvironmentParams) {
  return <DeploymentEnvironmentTab params={params} tab="import" />;
}

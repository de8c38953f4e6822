import {
  environmentMetadata,
  type WorkspaceEnvironmentParams,
  WorkspaceEnvironmentTab,
} from "@/components/environment/environment-route.tsx";

export const metadata = environmentMetadata("import");

export default function Page({ params }: WorkspaceEnvironmentParams) {
  return <WorkspaceEnvironmentTab params={params} tab="import" />;
}

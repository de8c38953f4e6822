import {
  environmentMetadata,
  type WorkspaceEnvironmentParams,
  WorkspaceEnvironmentTab,
} from "@/components/environment/environment-route.tsx";

export const metadata = environmentMetadata("variables");

export default function Page({ params }: WorkspaceEnvironmentParams) {
  return <WorkspaceEnvironmentTab params={params} tab="variables" />;
}

import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router.ts";

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

export type EnvironmentVariable = Outputs["environmentVariable"]["deployment"]["list"][number];
export type AirflowVariable = Outputs["airflowVariable"]["deployment"]["list"][number];
export type AirflowConnection = Outputs["airflowConnection"]["deployment"]["list"][number];
export type DeploymentEnvironment = Outputs["deploymentEnvironment"]["get"];
export type DeliveredObject = DeploymentEnvironment["delivered"][number];
export type ImportResult = Outputs["environmentVariable"]["deployment"]["import"];

/** The fields a connection create or update sends besides its owner (same shape at both scopes). */
export type ConnectionFieldsInput = Omit<
  Inputs["airflowConnection"]["deployment"]["update"],
  "organizationId" | "deploymentId" | "id" | "connectionId"
>;

/** A workspace deployment as the link picker shows it. */
export interface LinkableDeployment {
  id: string;
  name: string;
}

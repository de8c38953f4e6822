import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router.ts";
import type { EnvironmentOwner } from "./owner.ts";

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

export type EnvironmentVariable = Outputs["environmentVariable"]["get"];
export type AirflowVariable = Outputs["airflowVariable"]["get"];
export type AirflowConnection = Outputs["airflowConnection"]["get"];
export type DeploymentEnvironment = Outputs["deploymentEnvironment"]["get"];
export type DeliveredObject = DeploymentEnvironment["delivered"][number];
export type ImportResult = Outputs["environmentVariable"]["import"];

/** The fields a connection create or update sends besides its owner and links. */
export type ConnectionFieldsInput = Omit<
  Inputs["airflowConnection"]["update"],
  "owner" | "id" | "connectionId" | "linkAllDeployments" | "linkedDeploymentIds"
>;

/** A workspace deployment as the link picker shows it. */
export interface LinkableDeployment {
  id: string;
  name: string;
}

/** What each form that adds to an owner's environment gets: the owner and its linkable deployments. */
export interface AddToOwnerProps {
  owner: EnvironmentOwner;
  deployments: readonly LinkableDeployment[];
}

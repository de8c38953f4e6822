import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router.ts";

type DeploymentOutputs = inferRouterOutputs<AppRouter>["deployment"];

export type Deployment = DeploymentOutputs["get"];
export type DeploymentListItem = DeploymentOutputs["list"]["items"][number];
export type DeploymentSpec = Deployment["spec"];
export type RuntimeCatalog = DeploymentOutputs["runtimeCatalog"];
export type Size = RuntimeCatalog["sizes"][number]["size"];
export type Executor = RuntimeCatalog["executors"][number]["value"];
export type DeploymentStatus = Deployment["status"];

import { listAirflowConnections } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentOwnerSchema,
  environmentServices,
  workspaceOwnerSchema,
} from "../deployment-environment/schemas.ts";
import { airflowConnectionViewSchema } from "./schemas.ts";

export const airflowConnectionDeploymentListInput = deploymentOwnerSchema;
export const airflowConnectionWorkspaceListInput = workspaceOwnerSchema;
export const airflowConnectionListOutput = z.array(airflowConnectionViewSchema);

/** A deployment's own Airflow connections (secrets masked). */
export const airflowConnectionDeploymentList = protectedProcedure
  .meta({ permission: "deployment.environment.read" })
  .input(airflowConnectionDeploymentListInput)
  .output(airflowConnectionListOutput)
  .query(({ ctx, input }) => listAirflowConnections(ctx.domain, input, environmentServices(ctx)));

/** A workspace's Airflow connections with their links (secrets masked). */
export const airflowConnectionWorkspaceList = protectedProcedure
  .meta({ permission: "workspace.environment.read" })
  .input(airflowConnectionWorkspaceListInput)
  .output(airflowConnectionListOutput)
  .query(({ ctx, input }) => listAirflowConnections(ctx.domain, input, environmentServices(ctx)));

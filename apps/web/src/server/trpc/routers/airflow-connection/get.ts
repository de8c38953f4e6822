import { getAirflowConnection } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentOwnerSchema,
  environmentServices,
  workspaceOwnerSchema,
} from "../deployment-environment/schemas.ts";
import { airflowConnectionRefShape, airflowConnectionViewSchema } from "./schemas.ts";

export const airflowConnectionDeploymentGetInput = deploymentOwnerSchema.extend(airflowConnectionRefShape);
export const airflowConnectionWorkspaceGetInput = workspaceOwnerSchema.extend(airflowConnectionRefShape);
export const airflowConnectionGetOutput = airflowConnectionViewSchema;

/** One of a deployment's Airflow connections, by id or connection id. */
export const airflowConnectionDeploymentGet = protectedProcedure
  .meta({ permission: "deployment.environment.read" })
  .input(airflowConnectionDeploymentGetInput)
  .output(airflowConnectionGetOutput)
  .query(({ ctx, input }) => getAirflowConnection(ctx.domain, input, environmentServices(ctx)));

/** One of a workspace's Airflow connections, by id or connection id. */
export const airflowConnectionWorkspaceGet = protectedProcedure
  .meta({ permission: "workspace.environment.read" })
  .input(airflowConnectionWorkspaceGetInput)
  .output(airflowConnectionGetOutput)
  .query(({ ctx, input }) => getAirflowConnection(ctx.domain, input, environmentServices(ctx)));

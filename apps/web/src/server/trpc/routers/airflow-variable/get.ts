import { getAirflowVariable } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentOwnerSchema,
  environmentServices,
  workspaceOwnerSchema,
} from "../deployment-environment/schemas.ts";
import { airflowVariableRefShape, airflowVariableViewSchema } from "./schemas.ts";

export const airflowVariableDeploymentGetInput = deploymentOwnerSchema.extend(airflowVariableRefShape);
export const airflowVariableWorkspaceGetInput = workspaceOwnerSchema.extend(airflowVariableRefShape);
export const airflowVariableGetOutput = airflowVariableViewSchema;

/** One of a deployment's Airflow variables, by id or key. */
export const airflowVariableDeploymentGet = protectedProcedure
  .meta({ permission: "deployment.environment.read" })
  .input(airflowVariableDeploymentGetInput)
  .output(airflowVariableGetOutput)
  .query(({ ctx, input }) => getAirflowVariable(ctx.domain, input, environmentServices(ctx)));

/** One of a workspace's Airflow variables, by id or key. */
export const airflowVariableWorkspaceGet = protectedProcedure
  .meta({ permission: "workspace.environment.read" })
  .input(airflowVariableWorkspaceGetInput)
  .output(airflowVariableGetOutput)
  .query(({ ctx, input }) => getAirflowVariable(ctx.domain, input, environmentServices(ctx)));

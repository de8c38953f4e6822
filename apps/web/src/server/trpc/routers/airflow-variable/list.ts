import { listAirflowVariables } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentOwnerSchema,
  environmentServices,
  workspaceOwnerSchema,
} from "../deployment-environment/schemas.ts";
import { airflowVariableViewSchema } from "./schemas.ts";

export const airflowVariableDeploymentListInput = deploymentOwnerSchema;
export const airflowVariableWorkspaceListInput = workspaceOwnerSchema;
export const airflowVariableListOutput = z.array(airflowVariableViewSchema);

/** A deployment's own Airflow variables (values as the caller may see them). */
export const airflowVariableDeploymentList = protectedProcedure
  .meta({ permission: "deployment.environment.read" })
  .input(airflowVariableDeploymentListInput)
  .output(airflowVariableListOutput)
  .query(({ ctx, input }) => listAirflowVariables(ctx.domain, input, environmentServices(ctx)));

/** A workspace's Airflow variables with their links. */
export const airflowVariableWorkspaceList = protectedProcedure
  .meta({ permission: "workspace.environment.read" })
  .input(airflowVariableWorkspaceListInput)
  .output(airflowVariableListOutput)
  .query(({ ctx, input }) => listAirflowVariables(ctx.domain, input, environmentServices(ctx)));

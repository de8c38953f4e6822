import { deleteAirflowVariable } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentOwnerSchema,
  environmentChangeShape,
  environmentServices,
  workspaceOwnerSchema,
} from "../deployment-environment/schemas.ts";
import { airflowVariableRefShape } from "./schemas.ts";

export const airflowVariableDeploymentDeleteInput = deploymentOwnerSchema.extend(airflowVariableRefShape);
export const airflowVariableWorkspaceDeleteInput = workspaceOwnerSchema.extend(airflowVariableRefShape);
export const airflowVariableDeleteOutput = z.object({
  id: z.string(),
  key: z.string(),
  ...environmentChangeShape,
});

/** Removes a deployment's Airflow variable; the deployment stops receiving it. */
export const airflowVariableDeploymentDelete = protectedProcedure
  .meta({ permission: "deployment.environment.manage" })
  .input(airflowVariableDeploymentDeleteInput)
  .output(airflowVariableDeleteOutput)
  .mutation(({ ctx, input }) => deleteAirflowVariable(ctx.domain, input, environmentServices(ctx)));

/** Removes a workspace's Airflow variable from every deployment it reached. */
export const airflowVariableWorkspaceDelete = protectedProcedure
  .meta({ permission: "workspace.environment.manage" })
  .input(airflowVariableWorkspaceDeleteInput)
  .output(airflowVariableDeleteOutput)
  .mutation(({ ctx, input }) => deleteAirflowVariable(ctx.domain, input, environmentServices(ctx)));

import { deleteAirflowConnection } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentOwnerSchema,
  environmentChangeShape,
  environmentServices,
  workspaceOwnerSchema,
} from "../deployment-environment/schemas.ts";
import { airflowConnectionRefShape } from "./schemas.ts";

export const airflowConnectionDeploymentDeleteInput = deploymentOwnerSchema.extend(airflowConnectionRefShape);
export const airflowConnectionWorkspaceDeleteInput = workspaceOwnerSchema.extend(airflowConnectionRefShape);
export const airflowConnectionDeleteOutput = z.object({
  id: z.string(),
  connectionId: z.string(),
  ...environmentChangeShape,
});

/** Removes a deployment's Airflow connection; the deployment stops receiving it. */
export const airflowConnectionDeploymentDelete = protectedProcedure
  .meta({ permission: "deployment.environment.manage" })
  .input(airflowConnectionDeploymentDeleteInput)
  .output(airflowConnectionDeleteOutput)
  .mutation(({ ctx, input }) => deleteAirflowConnection(ctx.domain, input, environmentServices(ctx)));

/** Removes a workspace's Airflow connection from every deployment it reached. */
export const airflowConnectionWorkspaceDelete = protectedProcedure
  .meta({ permission: "workspace.environment.manage" })
  .input(airflowConnectionWorkspaceDeleteInput)
  .output(airflowConnectionDeleteOutput)
  .mutation(({ ctx, input }) => deleteAirflowConnection(ctx.domain, input, environmentServices(ctx)));

import { deleteEnvironmentVariable } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentOwnerSchema,
  environmentChangeShape,
  environmentServices,
  workspaceOwnerSchema,
} from "../deployment-environment/schemas.ts";
import { environmentVariableRefShape } from "./schemas.ts";

export const environmentVariableDeploymentDeleteInput =
  deploymentOwnerSchema.extend(environmentVariableRefShape);
export const environmentVariableWorkspaceDeleteInput =
  workspaceOwnerSchema.extend(environmentVariableRefShape);
export const environmentVariableDeleteOutput = z.object({
  id: z.string(),
  key: z.string(),
  ...environmentChangeShape,
});

/** Removes a deployment's environment variable; the deployment stops receiving it. */
export const environmentVariableDeploymentDelete = protectedProcedure
  .meta({ permission: "deployment.environment.manage" })
  .input(environmentVariableDeploymentDeleteInput)
  .output(environmentVariableDeleteOutput)
  .mutation(({ ctx, input }) => deleteEnvironmentVariable(ctx.domain, input, environmentServices(ctx)));

/** Removes a workspace's environment variable from every deployment it reached. */
export const environmentVariableWorkspaceDelete = protectedProcedure
  .meta({ permission: "workspace.environment.manage" })
  .input(environmentVariableWorkspaceDeleteInput)
  .output(environmentVariableDeleteOutput)
  .mutation(({ ctx, input }) => deleteEnvironmentVariable(ctx.domain, input, environmentServices(ctx)));

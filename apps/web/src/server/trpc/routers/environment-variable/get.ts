import { getEnvironmentVariable } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentOwnerSchema,
  environmentServices,
  workspaceOwnerSchema,
} from "../deployment-environment/schemas.ts";
import { environmentVariableRefShape, environmentVariableViewSchema } from "./schemas.ts";

export const environmentVariableDeploymentGetInput =
  deploymentOwnerSchema.extend(environmentVariableRefShape);
export const environmentVariableWorkspaceGetInput = workspaceOwnerSchema.extend(environmentVariableRefShape);
export const environmentVariableGetOutput = environmentVariableViewSchema;

/** One of a deployment's environment variables, by id or key. */
export const environmentVariableDeploymentGet = protectedProcedure
  .meta({ permission: "deployment.environment.read" })
  .input(environmentVariableDeploymentGetInput)
  .output(environmentVariableGetOutput)
  .query(({ ctx, input }) => getEnvironmentVariable(ctx.domain, input, environmentServices(ctx)));

/** One of a workspace's environment variables, by id or key. */
export const environmentVariableWorkspaceGet = protectedProcedure
  .meta({ permission: "workspace.environment.read" })
  .input(environmentVariableWorkspaceGetInput)
  .output(environmentVariableGetOutput)
  .query(({ ctx, input }) => getEnvironmentVariable(ctx.domain, input, environmentServices(ctx)));

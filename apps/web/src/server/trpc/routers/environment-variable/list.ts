import { listEnvironmentVariables } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentOwnerSchema,
  environmentServices,
  workspaceOwnerSchema,
} from "../deployment-environment/schemas.ts";
import { environmentVariableViewSchema } from "./schemas.ts";

export const environmentVariableDeploymentListInput = deploymentOwnerSchema;
export const environmentVariableWorkspaceListInput = workspaceOwnerSchema;
export const environmentVariableListOutput = z.array(environmentVariableViewSchema);

/** A deployment's own environment variables (values as the caller may see them). */
export const environmentVariableDeploymentList = protectedProcedure
  .meta({ permission: "deployment.environment.read" })
  .input(environmentVariableDeploymentListInput)
  .output(environmentVariableListOutput)
  .query(({ ctx, input }) => listEnvironmentVariables(ctx.domain, input, environmentServices(ctx)));

/** A workspace's environment variables with their links. */
export const environmentVariableWorkspaceList = protectedProcedure
  .meta({ permission: "workspace.environment.read" })
  .input(environmentVariableWorkspaceListInput)
  .output(environmentVariableListOutput)
  .query(({ ctx, input }) => listEnvironmentVariables(ctx.domain, input, environmentServices(ctx)));

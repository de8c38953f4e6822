import { createEnvironmentVariable } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentOwnerSchema,
  environmentServices,
  linksInputShape,
  workspaceOwnerSchema,
} from "../deployment-environment/schemas.ts";
import { environmentVariableChangeSchema } from "./schemas.ts";

const fields = {
  /** An environment variable name; reserved names are refused with the reason (domain). */
  key: z.string(),
  value: z.string(),
  /** Secret values are write-only: never shown again on any read. */
  isSecret: z.boolean().optional(),
};

export const environmentVariableDeploymentCreateInput = deploymentOwnerSchema.extend(fields);
export const environmentVariableWorkspaceCreateInput = workspaceOwnerSchema.extend({
  ...fields,
  ...linksInputShape,
});
export const environmentVariableCreateOutput = environmentVariableChangeSchema;

/** Adds an environment variable to a deployment and reconciles it. */
export const environmentVariableDeploymentCreate = protectedProcedure
  .meta({ permission: "deployment.environment.manage" })
  .input(environmentVariableDeploymentCreateInput)
  .output(environmentVariableCreateOutput)
  .mutation(({ ctx, input }) => createEnvironmentVariable(ctx.domain, input, environmentServices(ctx)));

/** Adds an environment variable to a workspace, for all of its deployments or chosen ones. */
export const environmentVariableWorkspaceCreate = protectedProcedure
  .meta({ permission: "workspace.environment.manage" })
  .input(environmentVariableWorkspaceCreateInput)
  .output(environmentVariableCreateOutput)
  .mutation(({ ctx, input }) => createEnvironmentVariable(ctx.domain, input, environmentServices(ctx)));

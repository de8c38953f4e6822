import { updateEnvironmentVariable } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentOwnerSchema,
  environmentServices,
  linksInputShape,
  workspaceOwnerSchema,
} from "../deployment-environment/schemas.ts";
import { environmentVariableChangeSchema, environmentVariableRefShape } from "./schemas.ts";

const fields = {
  ...environmentVariableRefShape,
  /** A new value; omitted or null keeps the stored one (a secret is never shown to send back). */
  value: z.string().nullable().optional(),
  /** A secret can become non-secret only together with a new value. */
  isSecret: z.boolean().optional(),
};

export const environmentVariableDeploymentUpdateInput = deploymentOwnerSchema.extend(fields);
export const environmentVariableWorkspaceUpdateInput = workspaceOwnerSchema.extend({
  ...fields,
  ...linksInputShape,
});
export const environmentVariableUpdateOutput = environmentVariableChangeSchema;

/** Changes a deployment's environment variable (value, secret flag). */
export const environmentVariableDeploymentUpdate = protectedProcedure
  .meta({ permission: "deployment.environment.manage" })
  .input(environmentVariableDeploymentUpdateInput)
  .output(environmentVariableUpdateOutput)
  .mutation(({ ctx, input }) => updateEnvironmentVariable(ctx.domain, input, environmentServices(ctx)));

/** Changes a workspace's environment variable (value, secret flag, links). */
export const environmentVariableWorkspaceUpdate = protectedProcedure
  .meta({ permission: "workspace.environment.manage" })
  .input(environmentVariableWorkspaceUpdateInput)
  .output(environmentVariableUpdateOutput)
  .mutation(({ ctx, input }) => updateEnvironmentVariable(ctx.domain, input, environmentServices(ctx)));

import { importEnvironmentVariables } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentOwnerSchema,
  environmentChangeShape,
  environmentServices,
  linksInputShape,
  workspaceOwnerSchema,
} from "../deployment-environment/schemas.ts";
import { environmentVariableViewSchema } from "./schemas.ts";

const fields = {
  /** The text of a .env file; problems are reported per line as `lines.<n>`, `lines.<n>.key`, `lines.<n>.value`. */
  text: z.string(),
  /** Mark every imported variable secret. */
  isSecret: z.boolean().optional(),
  /** Replace the values of keys that already exist (a secret one stays secret). */
  overwrite: z.boolean().optional(),
};

export const environmentVariableDeploymentImportInput = deploymentOwnerSchema.extend(fields);
export const environmentVariableWorkspaceImportInput = workspaceOwnerSchema.extend({
  ...fields,
  ...linksInputShape,
});
export const environmentVariableImportOutput = z.object({
  created: z.array(environmentVariableViewSchema),
  updated: z.array(environmentVariableViewSchema),
  ...environmentChangeShape,
});

/** Imports a .env file into a deployment: every line valid, or nothing is written. */
export const environmentVariableDeploymentImport = protectedProcedure
  .meta({ permission: "deployment.environment.manage" })
  .input(environmentVariableDeploymentImportInput)
  .output(environmentVariableImportOutput)
  .mutation(({ ctx, input }) => importEnvironmentVariables(ctx.domain, input, environmentServices(ctx)));

/** Imports a .env file into a workspace (new variables get the given links). */
export const environmentVariableWorkspaceImport = protectedProcedure
  .meta({ permission: "workspace.environment.manage" })
  .input(environmentVariableWorkspaceImportInput)
  .output(environmentVariableImportOutput)
  .mutation(({ ctx, input }) => importEnvironmentVariables(ctx.domain, input, environmentServices(ctx)));

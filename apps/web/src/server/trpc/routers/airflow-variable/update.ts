import { updateAirflowVariable } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentOwnerSchema,
  environmentServices,
  linksInputShape,
  workspaceOwnerSchema,
} from "../deployment-environment/schemas.ts";
import { airflowVariableChangeSchema, airflowVariableRefShape } from "./schemas.ts";

const fields = {
  ...airflowVariableRefShape,
  /** A new value; omitted or null keeps the stored one (a secret is never shown to send back). */
  value: z.string().nullable().optional(),
  description: z.string().optional(),
  /** A secret can become non-secret only together with a new value. */
  isSecret: z.boolean().optional(),
};

export const airflowVariableDeploymentUpdateInput = deploymentOwnerSchema.extend(fields);
export const airflowVariableWorkspaceUpdateInput = workspaceOwnerSchema.extend({
  ...fields,
  ...linksInputShape,
});
export const airflowVariableUpdateOutput = airflowVariableChangeSchema;

/** Changes a deployment's Airflow variable (value, description, secret flag). */
export const airflowVariableDeploymentUpdate = protectedProcedure
  .meta({ permission: "deployment.environment.manage" })
  .input(airflowVariableDeploymentUpdateInput)
  .output(airflowVariableUpdateOutput)
  .mutation(({ ctx, input }) => updateAirflowVariable(ctx.domain, input, environmentServices(ctx)));

/** Changes a workspace's Airflow variable (value, description, secret flag, links). */
export const airflowVariableWorkspaceUpdate = protectedProcedure
  .meta({ permission: "workspace.environment.manage" })
  .input(airflowVariableWorkspaceUpdateInput)
  .output(airflowVariableUpdateOutput)
  .mutation(({ ctx, input }) => updateAirflowVariable(ctx.domain, input, environmentServices(ctx)));

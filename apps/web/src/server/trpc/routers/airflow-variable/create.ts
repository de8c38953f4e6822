import { createAirflowVariable } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentOwnerSchema,
  environmentServices,
  linksInputShape,
  workspaceOwnerSchema,
} from "../deployment-environment/schemas.ts";
import { airflowVariableChangeSchema } from "./schemas.ts";

const fields = {
  /** Letters, digits and '_' (delivered as AIRFLOW_VAR_<KEY upper-cased>); checked by the domain. */
  key: z.string(),
  value: z.string(),
  description: z.string().optional(),
  /** Secret values are write-only: never shown again on any read. */
  isSecret: z.boolean().optional(),
};

export const airflowVariableDeploymentCreateInput = deploymentOwnerSchema.extend(fields);
export const airflowVariableWorkspaceCreateInput = workspaceOwnerSchema.extend({
  ...fields,
  ...linksInputShape,
});
export const airflowVariableCreateOutput = airflowVariableChangeSchema;

/** Adds an Airflow variable to a deployment and reconciles it. */
export const airflowVariableDeploymentCreate = protectedProcedure
  .meta({ permission: "deployment.environment.manage" })
  .input(airflowVariableDeploymentCreateInput)
  .output(airflowVariableCreateOutput)
  .mutation(({ ctx, input }) => createAirflowVariable(ctx.domain, input, environmentServices(ctx)));

/** Adds an Airflow variable to a workspace, for all of its deployments or chosen ones. */
export const airflowVariableWorkspaceCreate = protectedProcedure
  .meta({ permission: "workspace.environment.manage" })
  .input(airflowVariableWorkspaceCreateInput)
  .output(airflowVariableCreateOutput)
  .mutation(({ ctx, input }) => createAirflowVariable(ctx.domain, input, environmentServices(ctx)));

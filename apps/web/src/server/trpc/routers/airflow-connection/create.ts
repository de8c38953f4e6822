import { createAirflowConnection } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentOwnerSchema,
  environmentServices,
  linksInputShape,
  workspaceOwnerSchema,
} from "../deployment-environment/schemas.ts";
import { airflowConnectionChangeSchema, connectionFieldsShape } from "./schemas.ts";

const fields = {
  /** Airflow's conn_id: letters, digits and '_' (delivered as AIRFLOW_CONN_<ID upper-cased>). */
  connectionId: z.string(),
  ...connectionFieldsShape,
};

export const airflowConnectionDeploymentCreateInput = deploymentOwnerSchema.extend(fields);
export const airflowConnectionWorkspaceCreateInput = workspaceOwnerSchema.extend({
  ...fields,
  ...linksInputShape,
});
export const airflowConnectionCreateOutput = airflowConnectionChangeSchema;

/** Adds an Airflow connection to a deployment (fields or a URI) and reconciles it. */
export const airflowConnectionDeploymentCreate = protectedProcedure
  .meta({ permission: "deployment.environment.manage" })
  .input(airflowConnectionDeploymentCreateInput)
  .output(airflowConnectionCreateOutput)
  .mutation(({ ctx, input }) => createAirflowConnection(ctx.domain, input, environmentServices(ctx)));

/** Adds an Airflow connection to a workspace, for all of its deployments or chosen ones. */
export const airflowConnectionWorkspaceCreate = protectedProcedure
  .meta({ permission: "workspace.environment.manage" })
  .input(airflowConnectionWorkspaceCreateInput)
  .output(airflowConnectionCreateOutput)
  .mutation(({ ctx, input }) => createAirflowConnection(ctx.domain, input, environmentServices(ctx)));

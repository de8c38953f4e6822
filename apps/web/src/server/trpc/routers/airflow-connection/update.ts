import { updateAirflowConnection } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentOwnerSchema,
  environmentServices,
  linksInputShape,
  workspaceOwnerSchema,
} from "../deployment-environment/schemas.ts";
import {
  airflowConnectionChangeSchema,
  airflowConnectionRefShape,
  connectionFieldsShape,
} from "./schemas.ts";

const fields = { ...airflowConnectionRefShape, ...connectionFieldsShape };

export const airflowConnectionDeploymentUpdateInput = deploymentOwnerSchema.extend(fields);
export const airflowConnectionWorkspaceUpdateInput = workspaceOwnerSchema.extend({
  ...fields,
  ...linksInputShape,
});
export const airflowConnectionUpdateOutput = airflowConnectionChangeSchema;

/** Changes a deployment's Airflow connection; omitted fields and secrets are kept. */
export const airflowConnectionDeploymentUpdate = protectedProcedure
  .meta({ permission: "deployment.environment.manage" })
  .input(airflowConnectionDeploymentUpdateInput)
  .output(airflowConnectionUpdateOutput)
  .mutation(({ ctx, input }) => updateAirflowConnection(ctx.domain, input, environmentServices(ctx)));

/** Changes a workspace's Airflow connection (and its links); omitted fields and secrets are kept. */
export const airflowConnectionWorkspaceUpdate = protectedProcedure
  .meta({ permission: "workspace.environment.manage" })
  .input(airflowConnectionWorkspaceUpdateInput)
  .output(airflowConnectionUpdateOutput)
  .mutation(({ ctx, input }) => updateAirflowConnection(ctx.domain, input, environmentServices(ctx)));

import { getDeploymentEnvironment } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { deploymentOwnerSchema, environmentServices, scopeSchema } from "./schemas.ts";

const deliveredObjectSchema = z.object({
  kind: z.enum(["environmentVariable", "airflowConnection", "airflowVariable"]),
  /** The environment variable it arrives as (AIRFLOW_CONN_<ID>, AIRFLOW_VAR_<KEY>, or the key). */
  name: z.string(),
  key: z.string(),
  id: z.string(),
  scope: scopeSchema,
  isSecret: z.boolean(),
  value: z.string().nullable(),
  masked: z.boolean(),
  valueVersion: z.number().int(),
});

export const deploymentEnvironmentGetInput = deploymentOwnerSchema;
export const deploymentEnvironmentGetOutput = z.object({
  deploymentId: z.string(),
  delivered: z.array(deliveredObjectSchema),
  overridden: z.array(deliveredObjectSchema),
  totalBytes: z.number().int(),
  limitBytes: z.number().int(),
});

/** What a deployment receives: its workspace's linked objects overridden by its own, secrets masked. */
export const deploymentEnvironmentGet = protectedProcedure
  .meta({ permission: "deployment.environment.read" })
  .input(deploymentEnvironmentGetInput)
  .output(deploymentEnvironmentGetOutput)
  .query(({ ctx, input }) => getDeploymentEnvironment(ctx.domain, input, environmentServices(ctx)));

import { getDeployment } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { deploymentRefSchema, deploymentServices, deploymentViewSchema } from "./schemas.ts";

export const deploymentGetInput = deploymentRefSchema;
export const deploymentGetOutput = deploymentViewSchema.extend({
  can: z.object({ update: z.boolean(), delete: z.boolean(), manageEnvironment: z.boolean() }),
});

/** One deployment: spec, status and reason, Airflow UI URL, generations, and what the caller may do. */
export const deploymentGet = protectedProcedure
  .meta({ permission: "deployment.read" })
  .input(deploymentGetInput)
  .output(deploymentGetOutput)
  .query(({ ctx, input }) => getDeployment(ctx.domain, input, deploymentServices(ctx)));

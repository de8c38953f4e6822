import { deploymentDetailsSchema, getDeployment, getDeploymentInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";
import { deploymentServices } from "./services.ts";

/** One deployment: spec, status and reason, Airflow UI URL, generations, and what the caller may do. */
export const deploymentGet = protectedProcedure
  .meta({ permission: "deployment.read" })
  .input(getDeploymentInput)
  .output(outputView(deploymentDetailsSchema))
  .query(({ ctx, input }) => getDeployment(ctx.domain, input, deploymentServices(ctx)));

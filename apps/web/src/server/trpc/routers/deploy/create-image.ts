import { createImageDeploy, createImageDeployInput, deploySchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Deploys a customer image (built FROM the deployment's runtime) to every Airflow component. */
export const deployCreateImage = protectedProcedure
  .meta({ permission: "deploy.create" })
  .input(createImageDeployInput)
  .output(outputView(deploySchema))
  .mutation(({ ctx, input }) => createImageDeploy(ctx.domain, input, { jobs: ctx.services.jobs }));

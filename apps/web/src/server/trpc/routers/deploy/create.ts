import { createDeploy, createDeployInput, deploySchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Deploys an uploaded DAG bundle; it becomes what the runtime's bundle sync installs next. */
export const deployCreate = protectedProcedure
  .meta({ permission: "deploy.create" })
  .input(createDeployInput)
  .output(outputView(deploySchema))
  .mutation(({ ctx, input }) => createDeploy(ctx.domain, input));

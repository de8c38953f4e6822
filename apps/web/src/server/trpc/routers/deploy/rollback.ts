import { deploySchema, rollbackDeploy, rollbackDeployInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Goes back to an earlier successful deploy (bundle or image); the rollback is itself a new deploy. */
export const deployRollback = protectedProcedure
  .meta({ permission: "deploy.create" })
  .input(rollbackDeployInput)
  .output(outputView(deploySchema))
  .mutation(({ ctx, input }) => rollbackDeploy(ctx.domain, input, { jobs: ctx.services.jobs }));

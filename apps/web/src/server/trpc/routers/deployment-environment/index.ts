import {
  deploymentEnvironmentInput,
  deploymentEnvironmentViewSchema,
  getDeploymentEnvironment,
} from "@skyport/domain";
import { outputView, protectedProcedure, router } from "../../init.ts";
import { environmentServices } from "./procedures.ts";

export const deploymentEnvironmentRouter = router({
  /** What a deployment receives: its workspace's linked objects overridden by its own, secrets masked. */
  get: protectedProcedure
    .meta({ permission: "deployment.environment.read" })
    .input(deploymentEnvironmentInput)
    .output(outputView(deploymentEnvironmentViewSchema))
    .query(({ ctx, input }) => getDeploymentEnvironment(ctx.domain, input, environmentServices(ctx))),
});

import { deploymentViewSchema, listDeployments, listDeploymentsInput } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { deploymentServices } from "./services.ts";

/** A workspace's deployments with their status. */
export const deploymentList = protectedProcedure
  .meta({ permission: "deployment.list" })
  .input(listDeploymentsInput)
  .output(z.array(deploymentViewSchema))
  .query(({ ctx, input }) => listDeployments(ctx.domain, input, deploymentServices(ctx)));

import { deploymentLogsSchema, readDeploymentLogs, readDeploymentLogsInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";
import { deploymentServices } from "./services.ts";

/** A component's log: the last lines, or what was written after a cursor (follow by polling). */
export const deploymentLogs = protectedProcedure
  .meta({ permission: "deployment.logs.read" })
  .input(readDeploymentLogsInput)
  .output(outputView(deploymentLogsSchema))
  .query(({ ctx, input }) => readDeploymentLogs(ctx.domain, deploymentServices(ctx), input));

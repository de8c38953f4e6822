// `skyport deployment …`. Each area registers its own commands here; deployment-scoped
// resources (worker queues, environment variables, Airflow connections and variables) are
// subgroups added the same way as registerWorkerQueueCommands.
import type { Command } from "commander";
import type { CliContext } from "../../context.ts";
import { defineGroup } from "../../options.ts";
import { registerDeliveredEnvironmentCommand, registerEnvironmentCommands } from "../environment/index.ts";
import { registerDeploymentCreateCommand } from "./create.ts";
import { registerDeploymentDeleteCommand } from "./delete.ts";
import { registerDeploymentLogsCommand } from "./logs.ts";
import { registerDeploymentReadCommands } from "./read.ts";
import { registerRecommendationCommands } from "./recommendations.ts";
import { registerTelemetryCommands } from "./telemetry.ts";
import { registerTelemetryOverviewCommands } from "./telemetry-overview.ts";
import { registerDeploymentUpdateCommand } from "./update.ts";
import { registerWorkerQueueCommands } from "./worker-queues.ts";

export function registerDeploymentCommands(program: Command, context: CliContext): void {
  const deployment = defineGroup(
    program,
    "deployment",
    "Airflow deployments: create, inspect, update, delete",
  );
  registerDeploymentCreateCommand(deployment, context);
  registerDeploymentReadCommands(deployment, context);
  registerDeploymentUpdateCommand(deployment, context);
  registerDeploymentDeleteCommand(deployment, context);
  registerWorkerQueueCommands(deployment, context);
  registerEnvironmentCommands(deployment, "deployment", context);
  registerDeliveredEnvironmentCommand(deployment, context);
  registerTelemetryCommands(deployment, context);
  registerDeploymentLogsCommand(deployment, context);
  registerTelemetryOverviewCommands(deployment, context);
  registerRecommendationCommands(deployment, context);
}

// Environment variables, Airflow connections and Airflow variables, registered under
// `skyport deployment` and `skyport workspace` with the same commands at each scope.
import type { Command } from "commander";
import type { CliContext } from "../../context.ts";
import { registerAirflowVariableCommands } from "./airflow-variables.ts";
import type { Scope } from "./api.ts";
import { registerConnectionCommands } from "./connections.ts";
import { registerVariableCommands } from "./variables.ts";

export { registerDeliveredEnvironmentCommand } from "./delivered.ts";

export function registerEnvironmentCommands(parent: Command, scope: Scope, context: CliContext): void {
  registerVariableCommands(parent, scope, context);
  registerConnectionCommands(parent, scope, context);
  registerAirflowVariableCommands(parent, scope, context);
}

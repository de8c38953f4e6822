// `skyport deployment environment ID|NAME`: what a deployment receives, each object under the
// environment variable name it arrives as, with where it comes from (its own, or its
// workspace's), what its own objects override, and how full the one Kubernetes Secret is.
import type { Command } from "commander";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { defineCommand, workspaceOption } from "../../options.ts";
import { type Column, render } from "../../output.ts";
import { Session } from "../../session.ts";
import { resolveDeployment } from "../deployment/resolve.ts";
import { print } from "../shared.ts";
import { type DeliveredEnvironment, type DeliveredObject, environmentPaths, type Kind } from "./api.ts";
import { MASK } from "./dotenv-file.ts";

const KIND_LABELS: Record<Kind, string> = {
  environmentVariable: "environment variable",
  airflowConnection: "Airflow connection",
  airflowVariable: "Airflow variable",
};

const columns: Column<DeliveredObject>[] = [
  { header: "Name", value: (o) => o.name },
  { header: "Kind", value: (o) => KIND_LABELS[o.kind] ?? o.kind },
  { header: "From", value: (o) => o.scope.toLowerCase() },
  { header: "Secret", value: (o) => (o.isSecret ? "yes" : "") },
  { header: "Value", value: (o) => (o.masked ? MASK : o.value), minWidth: 8 },
];

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export function registerDeliveredEnvironmentCommand(deployment: Command, context: CliContext): void {
  defineCommand(
    deployment,
    "environment [ID|NAME]",
    "show what a deployment receives: its own and its workspace's variables and connections (secrets masked)",
    { prints: true },
  )
    .option("--deployment-id <ID>", "the deployment, by id")
    .option("--deployment-name <NAME>", "the deployment, by name")
    .addOption(workspaceOption("workspace to look the deployment's name up in"))
    .action(
      async (
        wanted: string | undefined,
        flags: { deploymentId?: string; deploymentName?: string },
        command: Command,
      ) => {
        const given = [wanted, flags.deploymentId, flags.deploymentName].filter((v) => v !== undefined);
        if (given.length !== 1) {
          throw new CliError(
            "name one deployment: ID|NAME, --deployment-id ID or --deployment-name NAME",
            ExitCode.Usage,
          );
        }
        const session = await Session.open(context, command);
        const target = await resolveDeployment(session, given[0] as string);
        const environment = await session
          .authenticated()
          .get<DeliveredEnvironment>(environmentPaths.delivered(target.organizationId, target.id));
        const data = { organizationId: target.organizationId, ...environment };
        if (session.output !== "table") {
          print(session, { data, columns, rows: environment.delivered });
          return;
        }
        const width = session.context.io.width;
        let text =
          environment.delivered.length > 0
            ? render("table", { data, columns, rows: environment.delivered }, width)
            : `Deployment “${target.name}” receives no variables or connections.\n`;
        if (environment.overridden.length > 0) {
          text += `\nOverridden by the deployment's own (not delivered):\n`;
          text += render("table", { data, columns, rows: environment.overridden }, width);
        }
        text += `\nSize: ${size(environment.totalBytes)} of ${size(environment.limitBytes)} (one Kubernetes Secret)\n`;
        session.context.io.out(text);
      },
    );
}

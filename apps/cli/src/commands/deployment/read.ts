import type { Command } from "commander";
import { paths } from "../../api/paths.ts";
import type { Deployment, RuntimeCatalog } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { defineCommand, workspaceOption } from "../../options.ts";
import type { Column } from "../../output.ts";
import { Session } from "../../session.ts";
import { print } from "../shared.ts";
import { resolveDeployment } from "./resolve.ts";
import { deploymentDetails, deploymentRows } from "./views.ts";

type Runtime = RuntimeCatalog["runtimes"][number] & { default: boolean };

const runtimeColumns: Column<Runtime>[] = [
  { header: "Version", value: (r) => r.version },
  { header: "Airflow", value: (r) => r.line },
  { header: "Python", value: (r) => r.python },
  { header: "Image", value: (r) => r.image },
  { header: "Default", value: (r) => (r.default ? "yes" : "") },
];

export function registerDeploymentReadCommands(deployment: Command, context: CliContext): void {
  defineCommand(deployment, "list", "list a workspace's deployments with their status", { prints: true })
    .addOption(workspaceOption())
    .option("--include-deleted", "also list deployments that have been deleted")
    .action(async (options: { includeDeleted?: boolean }, command: Command) => {
      const session = await Session.open(context, command);
      const organizationId = await session.organizationId();
      const workspaceId = await session.workspaceId();
      const deployments = await session.authenticated().list<Deployment>(paths.deployments(organizationId), {
        workspaceId,
        ...(options.includeDeleted ? { includeDeleted: true } : {}),
      });
      print(session, deploymentRows(deployments));
    });

  defineCommand(
    deployment,
    "inspect <ID|NAME>",
    "show a deployment; -o yaml|json prints it in the format --deployment-file reads",
    { prints: true },
  )
    .addOption(workspaceOption("workspace to look the name up in"))
    .action(async (wanted: string, _options: unknown, command: Command) => {
      const session = await Session.open(context, command);
      print(session, deploymentDetails(await resolveDeployment(session, wanted)));
    });

  defineCommand(deployment, "runtimes", "list the Airflow runtime versions deployments can run", {
    prints: true,
  }).action(async (_options: unknown, command: Command) => {
    const session = await Session.open(context, command);
    const catalog = await session.authenticated().get<RuntimeCatalog>(paths.runtimeCatalog);
    const rows = catalog.runtimes.map((r) => ({
      ...r,
      default: r.version === catalog.defaultRuntimeVersion,
    }));
    print(session, { data: catalog, columns: runtimeColumns, rows });
  });
}

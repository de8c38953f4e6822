import { type Command, Option } from "commander";
import { ok } from "../../api/client.ts";
import type { Runtime } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { defineCommand, workspaceOption } from "../../options.ts";
import type { Column } from "../../output.ts";
import { inOrganization, print, withSession } from "../shared.ts";
import { listDeployments, resolveDeployment } from "./resolve.ts";
import { deploymentDetails, deploymentRows } from "./views.ts";

type RuntimeRow = Runtime & { default: boolean };

const runtimeColumns: Column<RuntimeRow>[] = [
  { header: "Version", value: (r) => r.version },
  { header: "Airflow", value: (r) => r.line },
  { header: "Python", value: (r) => r.python },
  { header: "Image", value: (r) => r.image },
  { header: "Default", value: (r) => (r.default ? "yes" : "") },
];

/** Newest first, comparing each part of a version as a number: 3.1.0, 3.0.10, 3.0.9, 2.11.0, 2.9.3. */
export function newestFirst(a: { version: string }, b: { version: string }): number {
  return b.version.localeCompare(a.version, "en", { numeric: true });
}

export function registerDeploymentReadCommands(deployment: Command, context: CliContext): void {
  defineCommand(deployment, "list", "list a workspace's deployments with their status", { prints: true })
    .addOption(workspaceOption())
    .addOption(
      new Option(
        "--all",
        "list the deployments of every workspace you can see in the organization",
      ).conflicts("workspaceId"),
    )
    .option("--include-deleted", "also list deployments that have been deleted")
    .action(
      inOrganization(
        context,
        async (session, organizationId, options: { all?: boolean; includeDeleted?: boolean }) => {
          const workspaceId = options.all ? undefined : await session.workspaceId();
          const deployments = await listDeployments(session.authenticated(), organizationId, {
            ...(workspaceId ? { workspaceId } : {}),
            ...(options.includeDeleted ? { includeDeleted: true } : {}),
          });
          print(session, deploymentRows(deployments));
        },
      ),
    );

  defineCommand(
    deployment,
    "inspect <ID|NAME>",
    "show a deployment; -o yaml|json prints it in the format --deployment-file reads",
    { prints: true },
  )
    .addOption(workspaceOption("workspace to look the name up in"))
    .action(
      withSession(context, async (session, wanted: string) => {
        print(session, deploymentDetails(await resolveDeployment(session, wanted)));
      }),
    );

  defineCommand(
    deployment,
    "runtimes",
    "list the Airflow runtime versions deployments can run, newest first",
    {
      prints: true,
    },
  ).action(
    withSession(context, async (session) => {
      const catalog = await ok(session.api.GET("/runtime-catalog"));
      const rows = [...catalog.runtimes]
        .sort(newestFirst)
        .map((r) => ({ ...r, default: r.version === catalog.defaultRuntimeVersion }));
      print(session, {
        data: { ...catalog, runtimes: rows.map(({ default: _, ...r }) => r) },
        columns: runtimeColumns,
        rows,
      });
    }),
  );
}

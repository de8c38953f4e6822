import type { Command } from "commander";
import { idempotent, ok } from "../../api/client.ts";
import type { DeploymentSpecRequest } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { inOrganization } from "../shared.ts";
import { readDeploymentFile } from "./deployment-file.ts";
import { finishChange } from "./finish.ts";
import { defineSpecCommand, type SpecCommandOptions, specFromFlags } from "./spec-options.ts";

export function registerDeploymentCreateCommand(deployment: Command, context: CliContext): void {
  defineSpecCommand(deployment, "create [NAME]", {
    summary: "create a deployment: an Airflow runtime",
    workspace: "workspace to create it in",
    description: "what the deployment is for",
    waitUntil: "it is running",
    help:
      "\nWith --deployment-file, NAME overrides the file's name, so `deployment inspect X -o yaml > d.yaml`\n" +
      "then `deployment create copy --deployment-file d.yaml` copies deployment X. Settings not given\n" +
      "take the server's defaults (`skyport deployment runtimes` shows the default runtime); the\n" +
      "server says which names and settings it accepts.",
  }).action(
    inOrganization(
      context,
      async (session, organizationId, nameArgument: string | undefined, options: SpecCommandOptions) => {
        const document = options.deploymentFile
          ? await readDeploymentFile(options.deploymentFile, () => context.io.readStdin())
          : undefined;
        const name = nameArgument ?? document?.name;
        if (!name)
          throw new CliError(
            "give the deployment a NAME (or a --deployment-file with a name)",
            ExitCode.Usage,
          );

        // A file copied from another organization names workspaces this one does not have.
        const fileWorkspace =
          document?.workspaceId && (!document.organizationId || document.organizationId === organizationId)
            ? document.workspaceId
            : undefined;
        const workspaceId = await session.workspaceId(fileWorkspace);
        const client = session.authenticated();
        const spec = { ...(document?.spec ?? {}), ...specFromFlags(options, document?.spec) };
        if (spec.runtimeVersion === undefined || spec.executor === undefined) {
          // The server's catalog names the default runtime and lists its preferred executor first.
          const catalog = await ok(client.api.GET("/runtime-catalog"));
          spec.runtimeVersion ??= catalog.defaultRuntimeVersion;
          spec.executor ??= catalog.executors[0]?.value;
        }
        const description = options.description ?? document?.description;

        const change = await ok(
          client.api.POST("/organizations/{organizationId}/deployments", {
            params: { path: { organizationId }, header: idempotent() },
            body: {
              workspaceId,
              name,
              ...(description !== undefined ? { description } : {}),
              spec: spec as DeploymentSpecRequest,
            },
          }),
        );
        await finishChange(session, client, change, options, "was created");
      },
    ),
  );
}

import type { Command } from "commander";
import { ok } from "../../api/client.ts";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { defineCommand, workspaceOption } from "../../options.ts";
import { Session } from "../../session.ts";
import { readDeploymentFile } from "./deployment-file.ts";
import { finishChange } from "./finish.ts";
import { resolveDeployment } from "./resolve.ts";
import {
  addSpecOptions,
  addWaitOptions,
  type SpecFlags,
  specFromFlags,
  type WaitFlags,
} from "./spec-options.ts";

type UpdateOptions = SpecFlags & WaitFlags & { description?: string; deploymentFile?: string };

export function registerDeploymentUpdateCommand(deployment: Command, context: CliContext): void {
  const command = defineCommand(deployment, "update <ID|NAME>", "change a deployment's settings", {
    prints: true,
  })
    .addOption(workspaceOption("workspace to look the name up in"))
    .option("--description <text>", "the new description");
  addSpecOptions(command);
  addWaitOptions(command, "the change is running");
  command
    .addHelpText(
      "after",
      "\nFlags change only the settings they name. --deployment-file replaces the whole spec with\n" +
        "the file's (settings it leaves out go back to their defaults); flags then apply on top.\n" +
        "The name cannot be changed.",
    )
    .action(async (wanted: string, options: UpdateOptions, command: Command) => {
      const session = await Session.open(context, command);
      const current = await resolveDeployment(session, wanted);
      const document = options.deploymentFile
        ? await readDeploymentFile(options.deploymentFile, () => context.io.readStdin())
        : undefined;
      const flags = specFromFlags(options);
      const description = options.description ?? document?.description;
      if (!document && Object.keys(flags).length === 0 && description === undefined) {
        throw new CliError(
          "nothing to change: give a setting flag, --description or --deployment-file",
          ExitCode.Usage,
        );
      }
      const { name: _name, description: _description, ...currentSpec } = current.spec;
      const body = {
        ...(description !== undefined ? { description } : {}),
        ...(document || Object.keys(flags).length > 0
          ? { spec: { ...(document ? document.spec : currentSpec), ...flags } }
          : {}),
      };
      const client = session.authenticated();
      const change = await ok(
        client.api.PATCH("/organizations/{organizationId}/deployments/{deploymentId}", {
          params: { path: { organizationId: current.organizationId, deploymentId: current.id } },
          body,
        }),
      );
      const changedSpec = change.deployment.generation !== current.generation;
      await finishChange(
        session,
        client,
        change,
        { ...options, wait: options.wait && changedSpec },
        "was updated",
      );
    });
}

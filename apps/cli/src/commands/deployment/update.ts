import type { Command } from "commander";
import { ok } from "../../api/client.ts";
import type { DeploymentSpecRequest } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { withSession } from "../shared.ts";
import { readDeploymentFile } from "./deployment-file.ts";
import { finishChange } from "./finish.ts";
import { deploymentPath, resolveDeployment } from "./resolve.ts";
import { defineSpecCommand, type SpecCommandOptions, specFromFlags } from "./spec-options.ts";

export function registerDeploymentUpdateCommand(deployment: Command, context: CliContext): void {
  defineSpecCommand(deployment, "update <ID|NAME>", {
    summary: "change a deployment's settings",
    workspace: "workspace to look the name up in",
    description: "the new description",
    waitUntil: "the change is running",
    help:
      "\nFlags change only the settings they name. --deployment-file replaces the whole spec with\n" +
      "the file's (settings it leaves out go back to the server's defaults); flags then apply on top.\n" +
      "The name cannot be changed.",
  }).action(
    withSession(context, async (session, wanted: string, options: SpecCommandOptions) => {
      const current = await resolveDeployment(session, wanted);
      const document = options.deploymentFile
        ? await readDeploymentFile(options.deploymentFile, () => context.io.readStdin())
        : undefined;
      const { name: _name, description: _description, ...currentSpec } = current.spec;
      const baseSpec: Record<string, unknown> = document ? document.spec : currentSpec;
      const flags = specFromFlags(options, baseSpec);
      const description = options.description ?? document?.description;
      if (!document && Object.keys(flags).length === 0 && description === undefined) {
        throw new CliError(
          "nothing to change: give a setting flag, --description or --deployment-file",
          ExitCode.Usage,
        );
      }
      const body = {
        ...(description !== undefined ? { description } : {}),
        ...(document || Object.keys(flags).length > 0
          ? { spec: { ...baseSpec, ...flags } as DeploymentSpecRequest }
          : {}),
      };
      const client = session.authenticated();
      const change = await ok(
        client.api.PATCH("/organizations/{organizationId}/deployments/{deploymentId}", {
          params: { path: deploymentPath(current) },
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
    }),
  );
}

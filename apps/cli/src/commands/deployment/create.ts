import type { Command } from "commander";
import { paths } from "../../api/paths.ts";
import type { DeploymentChange, RuntimeCatalog } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { defineCommand, workspaceOption } from "../../options.ts";
import { Session } from "../../session.ts";
import { readDeploymentFile } from "./deployment-file.ts";
import { finishChange } from "./finish.ts";
import {
  addSpecOptions,
  addWaitOptions,
  type SpecFlags,
  specFromFlags,
  type WaitFlags,
} from "./spec-options.ts";

type CreateOptions = SpecFlags & WaitFlags & { description?: string; deploymentFile?: string };

export function registerDeploymentCreateCommand(deployment: Command, context: CliContext): void {
  const command = defineCommand(deployment, "create [NAME]", "create a deployment: an Airflow runtime", {
    prints: true,
  })
    .addOption(workspaceOption("workspace to create it in"))
    .option("--description <text>", "what the deployment is for");
  addSpecOptions(command);
  addWaitOptions(command, "it is running");
  command
    .addHelpText(
      "after",
      "\nNAME is a DNS label (lowercase letters, digits and '-'). With --deployment-file, NAME\n" +
        "overrides the file's name, so `deployment inspect X -o yaml > d.yaml` then\n" +
        "`deployment create copy --deployment-file d.yaml` copies deployment X.\n" +
        "Defaults: the server's default runtime version, the CELERY executor, size S.",
    )
    .action(async (nameArgument: string | undefined, options: CreateOptions, command: Command) => {
      const session = await Session.open(context, command);
      const organizationId = await session.organizationId();
      const document = options.deploymentFile
        ? await readDeploymentFile(options.deploymentFile, () => context.io.readStdin())
        : undefined;
      const name = nameArgument ?? document?.name;
      if (!name)
        throw new CliError("give the deployment a NAME (or a --deployment-file with a name)", ExitCode.Usage);

      // A file copied from another organization names workspaces this one does not have.
      const fileWorkspace =
        document?.workspaceId && (!document.organizationId || document.organizationId === organizationId)
          ? document.workspaceId
          : undefined;
      const workspaceId = await session.workspaceId(fileWorkspace);
      const client = session.authenticated();
      const spec = { ...(document?.spec ?? {}), ...specFromFlags(options) };
      spec.executor ??= "CELERY";
      if (spec.runtimeVersion === undefined) {
        spec.runtimeVersion = (await client.get<RuntimeCatalog>(paths.runtimeCatalog)).defaultRuntimeVersion;
      }
      const description = options.description ?? document?.description;

      const change = await client.create<DeploymentChange>(paths.deployments(organizationId), {
        workspaceId,
        name,
        ...(description !== undefined ? { description } : {}),
        spec,
      });
      await finishChange(session, client, change, options, "was created");
    });
}

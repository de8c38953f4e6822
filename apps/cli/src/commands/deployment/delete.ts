import type { Command } from "commander";
import { ok } from "../../api/client.ts";
import type { CliContext } from "../../context.ts";
import { CliError } from "../../exit-codes.ts";
import { defineCommand, workspaceOption } from "../../options.ts";
import type { Session } from "../../session.ts";
import { confirmOrRefuse, print, withSession } from "../shared.ts";
import { type DeploymentRecord, deploymentPath, listDeployments, resolveDeployment } from "./resolve.ts";
import { addWaitOptions, type WaitFlags } from "./spec-options.ts";
import { deploymentDetails } from "./views.ts";
import { waitForDeployment } from "./wait.ts";

export function registerDeploymentDeleteCommand(deployment: Command, context: CliContext): void {
  const command = defineCommand(
    deployment,
    "delete <ID|NAME>",
    "delete a deployment: its Airflow runtime and metadata database are removed",
    { prints: true },
  )
    .addOption(workspaceOption("workspace to look the name up in"))
    .option("-y, --yes", "do not ask for confirmation (required when not run interactively)");
  addWaitOptions(command, "it is gone");
  command.action(
    withSession(context, async (session, wanted: string, options: WaitFlags & { yes?: boolean }) => {
      const target = await resolveDeployment(session, wanted);
      await confirmOrRefuse(
        session,
        `Delete deployment “${target.name}” (${target.id})? Its Airflow runtime and metadata database are removed.`,
        { yes: options.yes, what: "delete a deployment" },
      );
      const client = session.authenticated();
      const change = await ok(
        client.api.DELETE("/organizations/{organizationId}/deployments/{deploymentId}", {
          params: { path: deploymentPath(target) },
        }),
      );
      let shown: DeploymentRecord = change.deployment;
      if (options.wait) {
        const outcome = await waitForDeployment(
          session,
          client,
          shown,
          { kind: "deleted" },
          options.waitTimeout,
        );
        if (!outcome.ok) {
          print(session, deploymentDetails(outcome.deployment));
          throw new CliError(`deployment “${target.name}” is not deleted yet: ${outcome.reason}`);
        }
        shown = (await deletedRecord(session, target)) ?? shown;
      }
      print(session, deploymentDetails(shown));
    }),
  );
}

/** The tombstone the worker leaves (status DELETED, deletedAt), when the caller may list it. */
async function deletedRecord(session: Session, target: DeploymentRecord) {
  const deployments = await listDeployments(session.authenticated(), target.organizationId, {
    workspaceId: target.workspaceId,
    includeDeleted: true,
  }).catch(() => []);
  return deployments.find((d) => d.id === target.id);
}

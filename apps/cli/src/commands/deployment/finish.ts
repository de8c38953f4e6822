import type { ApiClient } from "../../api/client.ts";
import type { DeploymentChange } from "../../api/types.ts";
import { CliError } from "../../exit-codes.ts";
import type { Session } from "../../session.ts";
import { note, print } from "../shared.ts";
import type { DeploymentRecord } from "./resolve.ts";
import { deploymentDetails } from "./views.ts";
import { type WaitGoal, waitForDeployment } from "./wait.ts";

/**
 * After a create or update: optionally waits for the worker, prints the deployment as it then
 * is, and fails (exit 1, saying why) when the change did not end HEALTHY.
 */
export async function finishChange(
  session: Session,
  client: ApiClient,
  change: DeploymentChange,
  wait: { wait?: boolean; waitTimeout: number },
  verb: string,
): Promise<void> {
  if (!change.reconcileQueued) {
    note(
      session,
      "warning: the change could not be queued for the worker right away; its next sweep picks it up.",
    );
  }
  let deployment: DeploymentRecord = change.deployment;
  if (wait.wait) {
    const goal: WaitGoal = { kind: "running", generation: change.deployment.generation };
    const outcome = await waitForDeployment(session, client, deployment, goal, wait.waitTimeout);
    if (outcome.deployment) deployment = outcome.deployment;
    print(session, deploymentDetails(deployment));
    if (!outcome.ok)
      throw new CliError(
        `deployment “${deployment.name}” ${verb} but did not become healthy: ${outcome.reason}`,
      );
    return;
  }
  print(session, deploymentDetails(deployment));
}

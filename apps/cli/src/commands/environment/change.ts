// What every environment command does with the server's answer: objects are printed with the
// organization they belong to, and the delivery state of a change is remarked on stderr.
import type { Session } from "../../session.ts";
import { note } from "../shared.ts";
import type { EnvironmentChange } from "./api.ts";
import type { Owner } from "./owner.ts";

export function withOrganization<T extends object>(item: T, owner: Owner): T & { organizationId: string } {
  return { organizationId: owner.organizationId, ...item };
}

/** Remarks on where a change goes: nowhere yet, or later than usual. */
export function noteDelivery(
  session: Session,
  owner: Owner,
  change: EnvironmentChange,
  links?: { linkAllDeployments: boolean; linkedDeploymentIds: string[] },
): void {
  if (
    owner.scope === "workspace" &&
    links &&
    !links.linkAllDeployments &&
    links.linkedDeploymentIds.length === 0
  ) {
    note(session, "It reaches no deployment yet: link it with --link-all or --link-deployment.");
  }
  if (!change.reconcileQueued) {
    note(
      session,
      "The change is saved, but its deployments could not be told yet; the worker's periodic sweep delivers it.",
    );
  }
}

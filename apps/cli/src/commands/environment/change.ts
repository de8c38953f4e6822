// What every environment command does with the server's answer: objects are printed with the
// organization they belong to, and the delivery state of a change is remarked on stderr.
import { CliError, ExitCode } from "../../exit-codes.ts";
import type { Column, Printable } from "../../output.ts";
import type { Session } from "../../session.ts";
import { note, print, shortTime } from "../shared.ts";
import type { EnvironmentChange, Scope } from "./api.ts";
import { deploymentNames, describeLinks, type Owner } from "./owner.ts";

interface Linked {
  linkAllDeployments: boolean;
  linkedDeploymentIds: string[];
  updatedAt: string;
}

export type Shown<T> = T & { organizationId: string };

/** How a kind's objects print: a table of `rows`; `data` is what -o json|yaml prints. */
export type Printer<T> = (
  session: Session,
  owner: Owner,
  rows: readonly Shown<T>[],
  data?: unknown,
) => Promise<Printable<Shown<T>>>;

/**
 * A printer from a kind's own columns: the owner's objects end with where they are delivered
 * (workspace objects: "Linked to", by deployment name) and when they last changed.
 */
export function tableOf<T extends Linked>(ownColumns: readonly Column<Shown<T>>[]): Printer<T> {
  return async (session, owner, rows, data = rows) => {
    const names =
      session.output === "table" ? await deploymentNames(session, owner) : new Map<string, string>();
    const columns: Column<Shown<T>>[] = [
      ...ownColumns,
      ...(owner.scope === "workspace"
        ? [{ header: "Linked to", value: (item: Shown<T>) => describeLinks(item, names) }]
        : []),
      { header: "Updated", value: (item) => shortTime(item.updatedAt) },
    ];
    return { data, columns, rows };
  };
}

/** Prints the object a create or update answered and remarks on its delivery. */
export async function printChanged<T extends Linked>(
  session: Session,
  owner: Owner,
  printer: Printer<T>,
  item: T,
  change: EnvironmentChange,
): Promise<void> {
  const shown = withOrganization(item, owner);
  print(session, await printer(session, owner, [shown], shown));
  noteDelivery(session, owner, change, item);
}

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

/**
 * An update's body: only the fields given (an update keeps the rest). An update giving nothing
 * is refused, naming what it could give (`hint`; on a workspace, links too).
 */
export function updateBody(
  scope: Scope,
  given: Record<string, unknown>,
  hint: string,
): Record<string, unknown> {
  const body = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  if (Object.keys(body).length === 0) {
    throw new CliError(
      `nothing to change: give ${hint}${scope === "workspace" ? ", or links" : ""}`,
      ExitCode.Usage,
    );
  }
  return body;
}

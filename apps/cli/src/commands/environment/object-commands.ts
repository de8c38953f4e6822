// The `list` and `delete` commands Airflow connections and Airflow variables share: the same
// owner options, request, output and confirmation, differing only in words and the key flag.

import type { Command } from "commander";
import type { CliContext } from "../../context.ts";
import { defineCommand } from "../../options.ts";
import { confirmOrRefuse, note, print } from "../shared.ts";
import { type EnvironmentChange, environmentPaths, type Kind, type Scope } from "./api.ts";
import { noteDelivery, type Printer, withOrganization } from "./change.ts";
import { addOwnerOptions, type OwnerFlags, openOwner } from "./owner.ts";

/** Lists a kind's objects in the owner's scope, each tagged with its organization. */
export function registerListCommand<T extends object, F extends OwnerFlags>(
  group: Command,
  context: CliContext,
  scope: Scope,
  options: {
    kind: Kind;
    description: string;
    printable: Printer<T>;
  },
): void {
  const list = defineCommand(group, "list", options.description, { prints: true });
  addOwnerOptions(list, scope).action(async (flags: F, command: Command) => {
    const { session, owner } = await openOwner(context, scope, flags, command);
    const items = await session
      .authenticated()
      .list<T>(environmentPaths.collection(owner.path, options.kind));
    const rows = items.map((item) => withOrganization(item, owner));
    print(session, await options.printable(session, owner, rows));
  });
}

/** Deletes one object named by its key flag, after confirmation (or --yes). */
export function registerDeleteCommand<F extends OwnerFlags & { yes?: boolean }>(
  group: Command,
  context: CliContext,
  scope: Scope,
  options: {
    kind: Kind;
    /** "Airflow variable", "Airflow connection". */
    noun: string;
    description: string;
    keyOption: { flags: string; description: string };
    keyOf: (flags: F) => string;
    /** The question asked before deleting, given the key and the owner's label. */
    confirmation: (key: string, ownerLabel: string) => string;
  },
): void {
  const remove = defineCommand(group, "delete", options.description);
  addOwnerOptions(remove, scope)
    .option(options.keyOption.flags, options.keyOption.description)
    .option("-y, --yes", "do not ask for confirmation (required when not run interactively)");
  remove.action(async (flags: F, command: Command) => {
    const key = options.keyOf(flags);
    const { session, owner } = await openOwner(context, scope, flags, command);
    await confirmOrRefuse(session, options.confirmation(key, owner.label), {
      yes: flags.yes,
      what: `delete an ${options.noun}`,
    });
    const answer = await session
      .authenticated()
      .delete<EnvironmentChange>(environmentPaths.item(owner.path, options.kind, key));
    note(session, `Deleted ${options.noun} ${key} of ${owner.label}.`);
    noteDelivery(session, owner, answer);
  });
}

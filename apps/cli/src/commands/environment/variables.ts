// `skyport deployment variable …` and `skyport workspace variable …`: environment variables,
// given as --key/--value, as KEY=VALUE arguments, or loaded from a .env file. Several variables
// at once go through the server's bulk update (or, from a file, its .env import), so they are
// all written or none is, and the server checks them all at once (names, values, existence).

import type { Command } from "commander";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { defineCommand, defineGroup } from "../../options.ts";
import type { Session } from "../../session.ts";
import { confirmOrRefuse, note } from "../shared.ts";
import {
  type EnvironmentChange,
  type EnvironmentVariable,
  environmentPaths,
  type ImportAnswer,
  type LinksInput,
  type Scope,
} from "./api.ts";
import { noteDelivery, printChanged, updateBody } from "./change.ts";
import { bulkProblems } from "./import-errors.ts";
import {
  addLinkOptions,
  addOwnerOptions,
  hasLinkFlags,
  type LinkFlags,
  type Owner,
  type OwnerFlags,
  openOwner,
  openOwnerWithLinks,
} from "./owner.ts";
import { requiredValue, stdinValue } from "./values.ts";
import {
  loadDotenvFile,
  printVariables,
  registerVariableListCommand,
  variableRows,
} from "./variable-files.ts";

interface VariableFlags extends OwnerFlags, LinkFlags {
  key?: string;
  value?: string;
  valueStdin?: boolean;
  secret?: boolean;
  load?: boolean;
  env?: string;
  yes?: boolean;
}

interface Entry {
  key: string;
  value: string;
  /** Which argument it came from (1-based), for messages; 0 for --key. */
  argument: number;
}

/** `KEY=VALUE` arguments. A malformed one is named by position, never quoted: it may be a secret. */
function parsePairs(pairs: readonly string[]): Entry[] {
  return pairs.map((pair, index) => {
    const equals = pair.indexOf("=");
    if (equals <= 0) throw new CliError(`argument ${index + 1} is not KEY=VALUE`, ExitCode.Usage);
    return { key: pair.slice(0, equals), value: pair.slice(equals + 1), argument: index + 1 };
  });
}

function checkLoadFlags(pairs: readonly string[], flags: VariableFlags): void {
  if (flags.load) {
    if (pairs.length > 0 || flags.key !== undefined || flags.value !== undefined || flags.valueStdin) {
      throw new CliError(
        "--load reads the variables from the --env file; give no KEY=VALUE, --key or --value with it",
        ExitCode.Usage,
      );
    }
  } else if (flags.env !== undefined) {
    throw new CliError("--env names the file for --load", ExitCode.Usage);
  }
  if (!flags.key && (flags.value !== undefined || flags.valueStdin)) {
    throw new CliError("--value and --value-stdin go with --key", ExitCode.Usage);
  }
  if (flags.key !== undefined && pairs.length > 0) {
    throw new CliError("give either --key (with --value) or KEY=VALUE arguments, not both", ExitCode.Usage);
  }
}

/**
 * Sets several variables in one request, all or none: `create` refuses keys that exist, `update`
 * keys that do not (a mistyped name is not quietly added). Problems name the argument.
 */
function bulkUpdate(
  session: Session,
  owner: Owner,
  entries: readonly Entry[],
  options: { mode: "create" | "update"; isSecret: boolean; links: LinksInput },
): Promise<ImportAnswer> {
  return session
    .authenticated()
    .patch<ImportAnswer>(environmentPaths.collection(owner.path, "environmentVariable"), {
      mode: options.mode,
      entries: entries.map((entry) => ({
        key: entry.key,
        value: entry.value,
        ...(options.isSecret ? { isSecret: true } : {}),
      })),
      ...options.links,
    })
    .catch((error: unknown) => {
      throw bulkProblems(
        error,
        (index) => {
          const entry = entries[index];
          return entry ? `${entry.key} (argument ${entry.argument})` : `entry ${index + 1}`;
        },
        options.mode === "create" ? "the variables were not added" : "the variables were not changed",
      );
    });
}

function addValueOptions(command: Command, action: "create" | "update"): Command {
  return command
    .option("--key <KEY>", "the variable's name")
    .option(
      "--value <VALUE>",
      action === "create"
        ? "its value (a secret is better given by --value-stdin or typed at the prompt)"
        : "its new value (without one, a secret keeps its value)",
    )
    .option("--value-stdin", "read the value from stdin");
}

function addFileOptions(command: Command, action: "create" | "update"): Command {
  return command
    .option(
      "--load",
      action === "create"
        ? "add the variables of a .env file (all or none; existing names are refused)"
        : "load a .env file: replace the values of existing variables, add the others",
    )
    .option("--env <FILE>", "the .env file for --load (default: .env)");
}

export function registerVariableCommands(parent: Command, scope: Scope, context: CliContext): void {
  const whose = scope === "deployment" ? "a deployment's" : "a workspace's";
  const group = defineGroup(
    parent,
    "variable",
    `${whose} environment variables (secret values are write-only)`,
  );

  const create = defineCommand(group, "create [KEY=VALUE...]", "add environment variables", { prints: true });
  addOwnerOptions(create, scope);
  addValueOptions(create, "create").option(
    "--secret",
    "the values are secret: write-only, never shown again",
  );
  addFileOptions(create, "create");
  addLinkOptions(create, scope, { update: false });
  create.action(async (pairs: string[], flags: VariableFlags, command: Command) => {
    checkLoadFlags(pairs, flags);
    const { session, owner, links } = await openOwnerWithLinks(context, scope, flags, command);
    const client = session.authenticated();
    const isSecret = flags.secret === true;
    if (flags.load) {
      const answer = await loadDotenvFile(session, owner, flags.env ?? ".env", {
        overwrite: false,
        isSecret,
        links,
      });
      await printVariables(session, owner, answer);
      return;
    }
    const entries = parsePairs(pairs);
    if (flags.key !== undefined) {
      const value = await requiredValue(session, {
        given: flags.value,
        fromStdin: flags.valueStdin,
        secret: isSecret,
        prompt: `Value of ${flags.key}:`,
        hint: "give --value, --value-stdin or KEY=VALUE",
      });
      entries.push({ key: flags.key, value, argument: 0 });
    }
    if (entries.length === 0) {
      throw new CliError(
        "nothing to add: give KEY=VALUE arguments, --key with --value, or --load",
        ExitCode.Usage,
      );
    }
    if (entries.length === 1) {
      const [entry] = entries as [Entry];
      const answer = await client.create<{ environmentVariable: EnvironmentVariable } & EnvironmentChange>(
        environmentPaths.collection(owner.path, "environmentVariable"),
        { key: entry.key, value: entry.value, isSecret, ...links },
      );
      await printChanged(session, owner, variableRows, answer.environmentVariable, answer);
      return;
    }
    const answer = await bulkUpdate(session, owner, entries, { mode: "create", isSecret, links });
    await printVariables(session, owner, answer);
  });

  registerVariableListCommand(group, scope, context);

  const update = defineCommand(
    group,
    "update [KEY=VALUE...]",
    "change environment variables (a secret given no new value keeps its value)",
    { prints: true },
  );
  addOwnerOptions(update, scope);
  addValueOptions(update, "update")
    .option("--secret", "make the variables secret")
    .option("--no-secret", "make the variable not secret (needs a new value: a secret is never revealed)");
  addFileOptions(update, "update");
  addLinkOptions(update, scope, { update: true });
  update.action(async (pairs: string[], flags: VariableFlags, command: Command) => {
    checkLoadFlags(pairs, flags);
    const entries = parsePairs(pairs);
    const several = flags.load || entries.length > 1;
    if (several && flags.secret === false) {
      throw new CliError("--no-secret changes one variable at a time", ExitCode.Usage);
    }
    if (several && hasLinkFlags(flags) && !flags.load) {
      throw new CliError("links change one variable at a time", ExitCode.Usage);
    }
    const { session, owner, links } = await openOwnerWithLinks(context, scope, flags, command);
    const client = session.authenticated();
    if (flags.load) {
      const answer = await loadDotenvFile(session, owner, flags.env ?? ".env", {
        overwrite: true,
        isSecret: flags.secret === true,
        links,
      });
      await printVariables(session, owner, answer);
      return;
    }
    if (entries.length > 1) {
      const answer = await bulkUpdate(session, owner, entries, {
        mode: "update",
        isSecret: flags.secret === true,
        links: {},
      });
      await printVariables(session, owner, answer);
      return;
    }
    const entry = entries[0];
    const key = entry?.key ?? flags.key;
    if (key === undefined) {
      throw new CliError("name the variable: KEY=VALUE, or --key KEY", ExitCode.Usage);
    }
    const value = entry
      ? entry.value
      : flags.valueStdin
        ? await stdinValue(session, "--value-stdin")
        : flags.value;
    const body = updateBody(
      scope,
      { value, isSecret: flags.secret, ...links },
      "a new value (KEY=VALUE, --value or --value-stdin), --secret or --no-secret",
    );
    const answer = await client.patch<{ environmentVariable: EnvironmentVariable } & EnvironmentChange>(
      environmentPaths.item(owner.path, "environmentVariable", key),
      body,
    );
    await printChanged(session, owner, variableRows, answer.environmentVariable, answer);
  });

  const remove = defineCommand(
    group,
    "delete [KEY]",
    "delete an environment variable (a secret value is gone for good)",
  );
  addOwnerOptions(remove, scope)
    .option("--key <KEY>", "the variable's name")
    .option("-y, --yes", "do not ask for confirmation (required when not run interactively)");
  remove.action(async (wanted: string | undefined, flags: VariableFlags, command: Command) => {
    if (wanted !== undefined && flags.key !== undefined) {
      throw new CliError("give the name as KEY or --key, not both", ExitCode.Usage);
    }
    const key = wanted ?? flags.key;
    if (key === undefined) throw new CliError("name the variable: KEY or --key KEY", ExitCode.Usage);
    const { session, owner } = await openOwner(context, scope, flags, command);
    await confirmOrRefuse(
      session,
      `Delete environment variable ${key} of ${owner.label}? A secret value cannot be recovered.`,
      {
        yes: flags.yes,
        what: "delete an environment variable",
      },
    );
    const answer = await session
      .authenticated()
      .delete<EnvironmentChange>(environmentPaths.item(owner.path, "environmentVariable", key));
    note(session, `Deleted environment variable ${key} of ${owner.label}.`);
    noteDelivery(session, owner, answer);
  });
}

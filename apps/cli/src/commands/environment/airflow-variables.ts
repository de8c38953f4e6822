// `skyport deployment airflow-variable …` and `skyport workspace airflow-variable …`: Airflow
// variables, delivered as AIRFLOW_VAR_<KEY> so Airflow reads them without a plugin.

import type { Command } from "commander";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { defineCommand, defineGroup } from "../../options.ts";
import type { Session } from "../../session.ts";
import { type AirflowVariable, type EnvironmentChange, environmentPaths, type Scope } from "./api.ts";
import { printChanged, tableOf, updateBody } from "./change.ts";
import { registerDeleteCommand, registerListCommand } from "./object-commands.ts";
import {
  addLinkOptions,
  addOwnerOptions,
  type LinkFlags,
  type Owner,
  type OwnerFlags,
  openOwnerWithLinks,
  requiredFlag,
} from "./owner.ts";
import { requiredValue, stdinValue } from "./values.ts";
import { valueColumns } from "./variable-files.ts";

type Change = { airflowVariable: AirflowVariable } & EnvironmentChange;

interface Flags extends OwnerFlags, LinkFlags {
  key?: string;
  value?: string;
  valueStdin?: boolean;
  secret?: boolean;
  description?: string;
  yes?: boolean;
}

const printable = tableOf<AirflowVariable>([
  ...valueColumns,
  { header: "Description", value: (v) => v.description },
]);

function requireKey(flags: Flags): string {
  return requiredFlag(flags.key, "name the Airflow variable with --key KEY");
}

/** What create and update begin with: the key, the session, the owner and the links asked for. */
async function start(context: CliContext, scope: Scope, flags: Flags, command: Command) {
  const key = requireKey(flags);
  if (flags.value !== undefined && flags.valueStdin) {
    throw new CliError("give --value or --value-stdin, not both", ExitCode.Usage);
  }
  return { key, ...(await openOwnerWithLinks(context, scope, flags, command)) };
}

/** Prints the changed variable and remarks on its delivery. */
function printChange(session: Session, owner: Owner, answer: Change): Promise<void> {
  return printChanged(session, owner, printable, answer.airflowVariable, answer);
}

export function registerAirflowVariableCommands(parent: Command, scope: Scope, context: CliContext): void {
  const whose = scope === "deployment" ? "a deployment's" : "a workspace's";
  const group = defineGroup(parent, "airflow-variable", `${whose} Airflow variables (AIRFLOW_VAR_<KEY>)`);

  const create = defineCommand(group, "create", "add an Airflow variable", { prints: true });
  addOwnerOptions(create, scope)
    .option("--key <KEY>", "the variable's key: letters, digits and '_'")
    .option("--value <VALUE>", "its value (a secret is better given by --value-stdin or typed at the prompt)")
    .option("--value-stdin", "read the value from stdin")
    .option("--secret", "the value is secret: write-only, never shown again")
    .option("--description <TEXT>", "what it is for");
  addLinkOptions(create, scope, { update: false });
  create.action(async (flags: Flags, command: Command) => {
    const { key, session, owner, links } = await start(context, scope, flags, command);
    const value = await requiredValue(session, {
      given: flags.value,
      fromStdin: flags.valueStdin,
      secret: flags.secret === true,
      prompt: `Value of ${key}:`,
      hint: "give --value or --value-stdin",
    });
    const answer = await session
      .authenticated()
      .create<Change>(environmentPaths.collection(owner.path, "airflowVariable"), {
        key,
        value,
        isSecret: flags.secret === true,
        ...(flags.description !== undefined ? { description: flags.description } : {}),
        ...links,
      });
    await printChange(session, owner, answer);
  });

  registerListCommand<AirflowVariable, Flags>(group, context, scope, {
    kind: "airflowVariable",
    description: "list Airflow variables (secret values masked)",
    printable,
  });

  const update = defineCommand(
    group,
    "update",
    "change an Airflow variable (a secret given no new value keeps its value)",
    { prints: true },
  );
  addOwnerOptions(update, scope)
    .option("--key <KEY>", "the variable's key")
    .option("--value <VALUE>", "its new value")
    .option("--value-stdin", "read the new value from stdin")
    .option("--secret", "make it secret")
    .option("--no-secret", "make it not secret (needs a new value: a secret is never revealed)")
    .option("--description <TEXT>", "what it is for");
  addLinkOptions(update, scope, { update: true });
  update.action(async (flags: Flags, command: Command) => {
    const { key, session, owner, links } = await start(context, scope, flags, command);
    const value = flags.valueStdin ? await stdinValue(session, "--value-stdin") : flags.value;
    const body = updateBody(
      scope,
      { value, isSecret: flags.secret, description: flags.description, ...links },
      "--value, --value-stdin, --secret, --no-secret or --description",
    );
    const answer = await session
      .authenticated()
      .patch<Change>(environmentPaths.item(owner.path, "airflowVariable", key), body);
    await printChange(session, owner, answer);
  });

  registerDeleteCommand<Flags>(group, context, scope, {
    kind: "airflowVariable",
    noun: "Airflow variable",
    description: "delete an Airflow variable (a secret value is gone for good)",
    keyOption: { flags: "--key <KEY>", description: "the variable's key" },
    keyOf: requireKey,
    confirmation: (key, ownerLabel) =>
      `Delete Airflow variable ${key} of ${ownerLabel}? A secret value cannot be recovered.`,
  });
}

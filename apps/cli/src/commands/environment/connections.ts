// `skyport deployment connection …` and `skyport workspace connection …`: Airflow connections,
// delivered as AIRFLOW_CONN_<ID>. The password is write-only (only whether one is set is ever
// shown), as are extra fields named secret. A password can come from stdin or a hidden prompt,
// and --uri / --extra from a file, so secrets need not be typed into shell history.

import { type Command, Option } from "commander";
import type { CliContext } from "../../context.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { defineCommand, defineGroup } from "../../options.ts";
import type { Session } from "../../session.ts";
import { type AirflowConnection, type EnvironmentChange, environmentPaths, type Scope } from "./api.ts";
import { printChanged, tableOf, updateBody } from "./change.ts";
import { MASK } from "./dotenv-file.ts";
import { registerDeleteCommand, registerListCommand } from "./object-commands.ts";
import {
  addLinkOptions,
  addOwnerOptions,
  type LinkFlags,
  type OwnerFlags,
  openOwnerWithLinks,
  requiredFlag,
} from "./owner.ts";
import { oneStdinReader, stdinValue, textOrFile } from "./values.ts";

type Change = { airflowConnection: AirflowConnection } & EnvironmentChange;

interface Flags extends OwnerFlags, LinkFlags {
  connId?: string;
  connType?: string;
  host?: string;
  port?: string;
  login?: string;
  /** A value, true (asked for at a prompt), or false (--no-password: remove it). */
  password?: string | boolean;
  passwordStdin?: boolean;
  schema?: string;
  extra?: string;
  uri?: string;
  secretExtraField?: string[];
  description?: string;
  yes?: boolean;
}

/** The extra as a table shows it: secret fields as ****. */
function shownExtra(connection: AirflowConnection): string {
  if (!connection.extra) return "";
  const shown: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(connection.extra)) {
    shown[field] = connection.secretExtraFields.includes(field) ? MASK : value;
  }
  return JSON.stringify(shown);
}

const printable = tableOf<AirflowConnection>([
  { header: "Conn ID", value: (c) => c.connectionId },
  { header: "Type", value: (c) => c.connType },
  { header: "Host", value: (c) => c.host },
  { header: "Port", value: (c) => c.port },
  { header: "Login", value: (c) => c.login },
  { header: "Schema", value: (c) => c.schema },
  { header: "Password", value: (c) => (c.passwordSet ? MASK : "") },
  { header: "Extra", value: shownExtra, minWidth: 8 },
  { header: "Description", value: (c) => c.description },
]);

function requireConnId(flags: Flags): string {
  return requiredFlag(flags.connId, "name the connection with --conn-id ID");
}

/** What create and update begin with: the named connection, the session, its owner and links. */
async function start(context: CliContext, scope: Scope, flags: Flags, command: Command) {
  const connectionId = requireConnId(flags);
  return { connectionId, ...(await openOwnerWithLinks(context, scope, flags, command)) };
}

/** The port: a whole number, or "" (null: clear it). Parsed here, as a parser cannot answer null. */
function portOf(value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === "") return null;
  if (!/^\d+$/.test(value.trim())) throw new CliError("--port: must be a whole number", ExitCode.Usage);
  return Number(value);
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function addFieldOptions(command: Command, action: "create" | "update"): Command {
  const keep = action === "update" ? "; '' clears it" : "";
  command
    .option("--conn-type <TYPE>", "Airflow's connection type, e.g. postgres, http, google_cloud_platform")
    .option("--host <HOST>", `the host${keep}`)
    .option("--port <PORT>", `the port${keep}`)
    .option("--login <LOGIN>", `the login${keep}`)
    .option(
      "--password [PASSWORD]",
      "the password; without a value it is asked for at a hidden prompt (better: --password-stdin)",
    )
    .option("--password-stdin", "read the password from stdin");
  if (action === "update") command.addOption(new Option("--no-password", "remove the password"));
  return command
    .option("--schema <SCHEMA>", `the schema (Airflow's name for the database)${keep}`)
    .option(
      "--extra <JSON|@FILE>",
      `extra fields as a JSON object, or @FILE to read it (@- for stdin)${action === "update" ? "; replaces the extra, where a secret field given as null keeps its value" : ""}`,
    )
    .option(
      "--uri <URI|@FILE>",
      "all fields at once, e.g. postgres://user:pass@host:5432/db (@FILE to read it, @- for stdin)",
    )
    .option(
      "--secret-extra-field <NAME>",
      `an extra field that is secret: write-only, never shown (repeat for several)${action === "update" ? "; replaces the list" : ""}`,
      collect,
    )
    .option("--description <TEXT>", "what the connection is for");
}

/** The password the flags give: a value, a prompt's answer, stdin, "" to remove it, or none. */
async function passwordOf(session: Session, flags: Flags): Promise<string | undefined> {
  if (flags.passwordStdin) {
    if (flags.password !== undefined) {
      throw new CliError("give --password or --password-stdin, not both", ExitCode.Usage);
    }
    return stdinValue(session, "--password-stdin");
  }
  if (flags.password === false) return "";
  if (typeof flags.password === "string") return flags.password;
  if (flags.password === true) {
    const prompter = session.context.prompter;
    if (!prompter) {
      throw new CliError(
        "--password without a value asks at a prompt: give --password-stdin when not run interactively",
        ExitCode.Usage,
      );
    }
    return prompter.secret("Password:");
  }
  return undefined;
}

/** `--extra` as the JSON object it must be. The text is never quoted back: it may hold secrets. */
function parseExtra(text: string): Record<string, unknown> {
  let extra: unknown;
  try {
    extra = JSON.parse(text);
  } catch {
    throw new CliError('--extra: must be a JSON object, e.g. \'{"region": "eu-west-1"}\'', ExitCode.Usage);
  }
  if (typeof extra !== "object" || extra === null || Array.isArray(extra)) {
    throw new CliError('--extra: must be a JSON object, e.g. \'{"region": "eu-west-1"}\'', ExitCode.Usage);
  }
  return extra as Record<string, unknown>;
}

/** The request's connection fields: only what the flags name (an update keeps the rest). */
async function fieldsOf(session: Session, flags: Flags): Promise<Record<string, unknown>> {
  oneStdinReader([
    ["--password-stdin", flags.passwordStdin === true],
    ["--uri @-", flags.uri === "@-"],
    ["--extra @-", flags.extra === "@-"],
  ]);
  const password = await passwordOf(session, flags);
  const uri = flags.uri !== undefined ? await textOrFile(session, flags.uri, "--uri") : undefined;
  const extra =
    flags.extra !== undefined ? parseExtra(await textOrFile(session, flags.extra, "--extra")) : undefined;
  // An empty text clears a field on update (and is no field on create).
  const blank = (value: string | undefined) => (value === "" ? null : value);
  const given: Record<string, unknown> = {
    uri,
    connType: flags.connType,
    host: blank(flags.host),
    port: portOf(flags.port),
    login: blank(flags.login),
    password,
    schema: blank(flags.schema),
    extra,
    secretExtraFields: flags.secretExtraField,
    description: flags.description,
  };
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) if (value !== undefined) fields[name] = value;
  return fields;
}

export function registerConnectionCommands(parent: Command, scope: Scope, context: CliContext): void {
  const whose = scope === "deployment" ? "a deployment's" : "a workspace's";
  const group = defineGroup(parent, "connection", `${whose} Airflow connections (AIRFLOW_CONN_<ID>)`);

  const create = defineCommand(group, "create", "add an Airflow connection (from fields or a URI)", {
    prints: true,
  });
  addOwnerOptions(create, scope).option("--conn-id <ID>", "Airflow's conn_id: letters, digits and '_'");
  addFieldOptions(create, "create");
  addLinkOptions(create, scope, { update: false });
  create.action(async (flags: Flags, command: Command) => {
    const { connectionId, session, owner, links } = await start(context, scope, flags, command);
    const fields = await fieldsOf(session, flags);
    const answer = await session
      .authenticated()
      .create<Change>(environmentPaths.collection(owner.path, "airflowConnection"), {
        connectionId,
        ...fields,
        ...links,
      });
    await printChanged(session, owner, printable, answer.airflowConnection, answer);
  });

  registerListCommand<AirflowConnection, Flags>(group, context, scope, {
    kind: "airflowConnection",
    description: "list Airflow connections (passwords and secret extras masked)",
    printable,
  });

  const update = defineCommand(
    group,
    "update",
    "change an Airflow connection (fields not given, and the password unless given, are kept)",
    { prints: true },
  );
  addOwnerOptions(update, scope).option("--conn-id <ID>", "the connection's conn_id");
  addFieldOptions(update, "update");
  addLinkOptions(update, scope, { update: true });
  update.action(async (flags: Flags, command: Command) => {
    const { connectionId, session, owner, links } = await start(context, scope, flags, command);
    const body = updateBody(
      scope,
      { ...(await fieldsOf(session, flags)), ...links },
      "the fields to change or --uri",
    );
    const answer = await session
      .authenticated()
      .patch<Change>(environmentPaths.item(owner.path, "airflowConnection", connectionId), body);
    await printChanged(session, owner, printable, answer.airflowConnection, answer);
  });

  registerDeleteCommand<Flags>(group, context, scope, {
    kind: "airflowConnection",
    noun: "Airflow connection",
    description: "delete an Airflow connection (its password is gone for good)",
    keyOption: { flags: "--conn-id <ID>", description: "the connection's conn_id" },
    keyOf: requireConnId,
    confirmation: (connectionId, ownerLabel) => `Delete Airflow connection ${connectionId} of ${ownerLabel}?`,
  });
}

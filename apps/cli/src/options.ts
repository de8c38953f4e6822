// The options every command shares, and where their values come from: a flag, given before
// or after the command name, wins over the environment, which wins over the config file.
import { type Command, InvalidArgumentError, Option } from "commander";
import { CliError, ExitCode } from "./exit-codes.ts";
import { OUTPUT_FORMATS, type OutputFormat } from "./output.ts";

export const DEFAULT_API_URL = "http://localhost:3000";

const GLOBAL_GROUP = "Global options:";

export function parseApiUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError("must be an absolute URL like https://skyport.example.com");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InvalidArgumentError("must be an http:// or https:// URL");
  }
  return value.replace(/\/+$/, "");
}

function apiUrlOption(): Option {
  return new Option(
    "--api-url <url>",
    `URL of the Skyport API (env: SKYPORT_API_URL; default: the logged-in server, else ${DEFAULT_API_URL})`,
  )
    .argParser(parseApiUrl)
    .helpGroup(GLOBAL_GROUP);
}

function organizationOption(): Option {
  return new Option(
    "--organization <ID|NAME>",
    "organization to act in (env: SKYPORT_ORGANIZATION; default: the current one)",
  ).helpGroup(GLOBAL_GROUP);
}

function outputOption(): Option {
  return new Option("-o, --output <format>", "output format (default: table)")
    .choices(OUTPUT_FORMATS)
    .helpGroup(GLOBAL_GROUP);
}

/** The options the program itself takes before a command name (`skyport -o json whoami`). */
export function addProgramOptions(program: Command): Command {
  return program.addOption(apiUrlOption()).addOption(organizationOption()).addOption(outputOption());
}

export interface CommandShape {
  /** The command prints data: it takes `-o table|json|yaml`. */
  prints?: boolean;
}

/**
 * Declares a command under `parent` with the shared options. Every command that does something
 * is made here, so `skyport deployment list --api-url …` works like `skyport --api-url … deployment list`.
 */
export function defineCommand(
  parent: Command,
  nameAndArgs: string,
  description: string,
  shape: CommandShape = {},
): Command {
  const command = parent.command(nameAndArgs).description(description);
  command.addOption(apiUrlOption()).addOption(organizationOption());
  if (shape.prints) command.addOption(outputOption());
  return command;
}

/** A command that only groups others (`skyport deployment`): it shows its help when run alone. */
export function defineGroup(parent: Command, name: string, description: string): Command {
  return parent.command(name).description(description);
}

/** The value given on the command line for `key`, on the command or before it. */
export function flagValue<T = string>(command: Command, key: string): T | undefined {
  for (let current: Command | null = command; current; current = current.parent) {
    if (current.getOptionValueSource(key) === "cli") return current.getOptionValue(key) as T;
  }
  return undefined;
}

export function outputFormat(command: Command): OutputFormat {
  return flagValue<OutputFormat>(command, "output") ?? "table";
}

/** The option for commands that act in a workspace. */
export function workspaceOption(description = "workspace to act in"): Option {
  return new Option(
    "--workspace-id <ID|NAME>",
    `${description} (env: SKYPORT_WORKSPACE; default: the current one)`,
  );
}

/** Reads an environment URL the same way as the flag, naming the variable when it is wrong. */
export function apiUrlFromEnvironment(value: string): string {
  try {
    return parseApiUrl(value);
  } catch (error) {
    throw new CliError(`SKYPORT_API_URL: ${(error as Error).message}`, ExitCode.Usage);
  }
}

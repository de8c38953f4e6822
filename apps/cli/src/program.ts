import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { ApiError, ApiUnreachableError } from "./api/client.ts";
import { registerStatusCommand } from "./commands/status.ts";
import type { CliContext } from "./context.ts";
import { CliError, ExitCode } from "./exit-codes.ts";
import { OUTPUT_FORMATS } from "./output.ts";

export const DEFAULT_API_URL = "http://localhost:3000";

/** Builds the `skyport` program. Each command registers itself; add new ones below `status`. */
export function createProgram(context: CliContext): Command {
  const program = new Command("skyport")
    .description("Skyport: manage hosted Apache Airflow deployments from the command line")
    .version(context.version, "-V, --version", "print the CLI version")
    .addOption(
      new Option("--api-url <url>", "URL of the Skyport API")
        .env("SKYPORT_API_URL")
        .default(DEFAULT_API_URL)
        .argParser(parseApiUrl),
    )
    .addOption(
      new Option("-o, --output <format>", "output format for commands that print data")
        .choices(OUTPUT_FORMATS)
        .default("table"),
    )
    .configureOutput({
      writeOut: (text) => context.io.out(text),
      writeErr: (text) => context.io.err(text),
    })
    .showHelpAfterError("(run 'skyport --help' for usage)")
    // Commander calls process.exit by default; throwing lets run() choose the exit status.
    .exitOverride();

  // Subcommands created through program.command() inherit the settings above.
  registerStatusCommand(program, context);
  return program;
}

function parseApiUrl(value: string): string {
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

/** Parses `argv` (without node and script), runs the command and returns the exit status. */
export async function run(argv: readonly string[], context: CliContext): Promise<ExitCode> {
  const program = createProgram(context);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return ExitCode.Ok;
  } catch (error) {
    return reportError(error, context);
  }
}

function reportError(error: unknown, context: CliContext): ExitCode {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help/version text).
    return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  }
  if (error instanceof CliError) {
    context.io.err(`error: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof ApiError || error instanceof ApiUnreachableError) {
    context.io.err(`error: ${error.message}\n`);
    return ExitCode.Failure;
  }
  // A bug rather than an expected failure: keep the stack so it can be reported.
  context.io.err(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return ExitCode.Failure;
}

import tab from "@bomb.sh/tab/commander";
import { Command, CommanderError } from "commander";
import { ApiError, ApiUnreachableError, describeStatus } from "./api/client.ts";
import { registerAlertCommands } from "./commands/alert/index.ts";
import { registerAuditLogCommands } from "./commands/audit-logs/index.ts";
import { registerAuthCommands } from "./commands/auth/index.ts";
import { registerBillingCommands } from "./commands/billing/index.ts";
import { registerDeployCommands } from "./commands/deploy/index.ts";
import { registerDeploymentCommands } from "./commands/deployment/index.ts";
import { registerNotificationChannelCommands } from "./commands/notification-channel/index.ts";
import { registerOrganizationCommands } from "./commands/organization/index.ts";
import { registerReportCommands } from "./commands/report/index.ts";
import { registerStatusCommand } from "./commands/status.ts";
import { registerTeamCommands } from "./commands/team/index.ts";
import { registerTokenCommands } from "./commands/token/index.ts";
import { registerWorkspaceCommands } from "./commands/workspace/index.ts";
import type { CliContext } from "./context.ts";
import { CliError, ExitCode } from "./exit-codes.ts";
import { describeField, fieldLine } from "./field-words.ts";
import { addProgramOptions } from "./options.ts";

export { DEFAULT_API_URL } from "./options.ts";

const ENVIRONMENT_HELP = `
Environment:
  SKYPORT_API_URL       the Skyport server (else the one you logged in to, else http://localhost:3000)
  SKYPORT_API_TOKEN     an API token to use instead of the stored login
  SKYPORT_ORGANIZATION  organization ID or name to act in
  SKYPORT_WORKSPACE     workspace ID or name to act in
  SKYPORT_PASSWORD      password for signup/login when not run interactively
  SKYPORT_CONFIG_DIR    where config.yaml is kept (default: ~/.skyport)

Exit status: 0 success; 1 the operation failed (the server refused or could not be reached);
2 the command line or its input was wrong (unknown option, invalid value, missing flag).`;

/** Builds the `skyport` program. Each area registers its commands; completion walks them last. */
export function createProgram(context: CliContext): Command {
  const program = new Command("skyport")
    .description("Skyport: manage hosted Apache Airflow deployments from the command line")
    .version(context.version, "-V, --version", "print the CLI version")
    // Options before a command name belong to the program; after it, to the command. Both
    // take the global options, and `audit-logs export --output FILE` keeps its own --output.
    .enablePositionalOptions()
    .configureOutput({
      writeOut: (text) => context.io.out(text),
      writeErr: (text) => context.io.err(text),
      // A mistyped option keeps its value attached (`--vaule=s3cret`); never echo that value.
      outputError: (text, write) => write(withoutOptionValues(text)),
    })
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", ENVIRONMENT_HELP)
    // Commander calls process.exit by default; throwing lets run() choose the exit status.
    .exitOverride();
  addProgramOptions(program);

  // Subcommands created through program.command() inherit the settings above.
  registerAuthCommands(program, context);
  registerOrganizationCommands(program, context);
  registerWorkspaceCommands(program, context);
  registerDeploymentCommands(program, context);
  registerDeployCommands(program, context);
  registerTeamCommands(program, context);
  registerTokenCommands(program, context);
  registerAlertCommands(program, context);
  registerNotificationChannelCommands(program, context);
  registerAuditLogCommands(program, context);
  registerBillingCommands(program, context);
  registerStatusCommand(program, context);
  registerReportCommands(program, context);
  // `skyport completion bash|zsh|fish|powershell` prints a script; the script asks
  // `skyport complete -- …` for candidates, read from the command tree built above.
  tab(program, { completionCommandName: "completion" });
  program.commands
    .find((command) => command.name() === "completion")
    ?.description("print a shell completion script: bash, zsh, fish or powershell")
    .addHelpText(
      "after",
      "\nExample: skyport completion bash > ~/.skyport-completion.bash\n" +
        "         echo 'source ~/.skyport-completion.bash' >> ~/.bashrc",
    );
  return program;
}

/** Parses `argv` (without node and script), runs the command and returns the exit status. */
export async function run(argv: readonly string[], context: CliContext): Promise<ExitCode> {
  const program = createProgram(context);
  // The command that ran, so a field the server refused is named by its flag.
  let ran: Command | undefined;
  program.hook("preAction", (_program, action) => {
    ran = action;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return ExitCode.Ok;
  } catch (error) {
    return reportError(error, context, ran);
  }
}

function reportError(error: unknown, context: CliContext, command: Command | undefined): ExitCode {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help/version text).
    return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  }
  if (error instanceof CliError) {
    context.io.err(`error: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof ApiError) {
    context.io.err(describeApiError(error, command));
    // Invalid input is the caller's to fix, like a wrong flag: the server named the field.
    return error.status === 400 || error.status === 422 ? ExitCode.Usage : ExitCode.Failure;
  }
  if (error instanceof ApiUnreachableError) {
    context.io.err(`error: ${error.message}\n`);
    return ExitCode.Failure;
  }
  // A bug rather than an expected failure: keep the stack so it can be reported.
  context.io.err(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return ExitCode.Failure;
}

/**
 * The server's message with every field it named, each called by the flag or file field the
 * person typed; the request id of a server failure; what to do about a missing login.
 */
function describeApiError(error: ApiError, command: Command | undefined): string {
  const status = describeStatus(error.status, error.code, error.url);
  const fields = Object.entries(error.fieldErrors);
  if (fields.length === 0 && error.field) fields.push([error.field, [error.serverMessage]]);
  const lines = fields.flatMap(([field, messages]) =>
    messages.map((message) => fieldLine(describeField(command, field, message))),
  );
  let text = `error: ${lines[0] ?? error.serverMessage} (${status})\n`;
  // The first problem is already on the first line; list them all only when there are more.
  if (lines.length > 1) text += lines.map((line) => `  ${line}\n`).join("");
  if (error.status >= 500 && error.requestId)
    text += `The server logged this failure as request ${error.requestId}.\n`;
  if (error.status === 401) text += "Log in again with `skyport login`, or check SKYPORT_API_TOKEN.\n";
  return text;
}

/** Commander quotes unknown options as typed, `=value` included; the value may be a secret. */
export function withoutOptionValues(message: string): string {
  return message.replace(/'(-{1,2}[^'=\s]+)=[^']*'/g, "'$1=…'");
}

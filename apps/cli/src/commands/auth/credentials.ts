// Asking for what a command needs to sign someone in: a flag wins, then the environment or
// stdin, then a prompt on a terminal. Without a terminal a missing value is a usage error
// naming the flag, never a prompt that hangs a script.
import { CliError, ExitCode } from "../../exit-codes.ts";
import type { Session } from "../../session.ts";

/** A value given by a flag, else asked for on a terminal. */
export async function askFor(
  session: Session,
  given: string | undefined,
  question: { message: string; flag: string; default?: string },
): Promise<string> {
  if (given !== undefined && given.trim() !== "") return given.trim();
  const prompter = session.context.prompter;
  if (!prompter)
    throw new CliError(`${question.flag} is required when not run interactively`, ExitCode.Usage);
  const answer = (
    await prompter.text(question.message, question.default ? { default: question.default } : {})
  ).trim();
  if (answer === "") throw new CliError(`${question.flag}: a value is required`, ExitCode.Usage);
  return answer;
}

/** The first line of stdin, without its line ending (what `echo secret | skyport …` sends). */
export async function firstLineOfStdin(session: Session, what: string): Promise<string> {
  const text = await session.context.io.readStdin();
  const line = text.split(/\r?\n/)[0] ?? "";
  if (line === "") throw new CliError(`nothing was read from stdin for ${what}`, ExitCode.Usage);
  return line;
}

/**
 * A password: from stdin with --password-stdin, else SKYPORT_PASSWORD, else typed on a terminal
 * (twice when choosing a new one). Never a flag value: those end up in shell history.
 */
export async function password(
  session: Session,
  options: {
    fromStdin: boolean | undefined;
    newPassword?: boolean;
    again?: boolean;
    /** Where else the password may come from (default SKYPORT_PASSWORD). */
    environmentVariable?: string;
    /** What the prompt asks (default "Password:"). */
    prompt?: string;
  },
): Promise<string> {
  const variable = options.environmentVariable ?? "SKYPORT_PASSWORD";
  // `again`: asked again after the server refused it, so stdin and the environment are past.
  if (!options.again) {
    if (options.fromStdin) return firstLineOfStdin(session, "--password-stdin");
    const fromEnvironment = session.context.env[variable];
    if (fromEnvironment) return fromEnvironment;
  }
  const prompter = session.context.prompter;
  if (!prompter) {
    throw new CliError(
      `a password is required: pipe it with --password-stdin or set ${variable} when not run interactively`,
      ExitCode.Usage,
    );
  }
  const typed = await prompter.secret(
    options.newPassword ? "Choose a password:" : (options.prompt ?? "Password:"),
  );
  if (options.newPassword && (await prompter.secret("Type it again:")) !== typed) {
    throw new CliError("the passwords do not match", ExitCode.Usage);
  }
  return typed;
}

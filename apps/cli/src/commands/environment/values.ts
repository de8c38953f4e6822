// Where a value comes from. Flags end up in shell history, so a secret can also come from stdin
// or, on a terminal, from a prompt that does not echo it. No message here ever quotes a value.
import { readFile } from "node:fs/promises";
import { CliError, ExitCode } from "../../exit-codes.ts";
import type { Session } from "../../session.ts";

/** All of stdin, less one trailing line ending (what `printf … |` or `echo … |` sends). */
export async function stdinValue(session: Session, flag: string): Promise<string> {
  const text = await session.context.io.readStdin();
  if (text === "") throw new CliError(`nothing was read from stdin for ${flag}`, ExitCode.Usage);
  return text.replace(/\r?\n$/, "");
}

/** Commands read stdin at most once: only one flag may ask for it. */
export function oneStdinReader(flags: ReadonlyArray<[string, boolean]>): void {
  const readers = flags.filter(([, reads]) => reads).map(([flag]) => flag);
  if (readers.length > 1) {
    throw new CliError(`only one of ${readers.join(", ")} can read stdin`, ExitCode.Usage);
  }
}

/**
 * A value that must be given: the flag's, else stdin's (with `fromStdin`), else typed at a prompt
 * (hidden for a secret). Without a terminal a missing value is a usage error.
 */
export async function requiredValue(
  session: Session,
  options: {
    given: string | undefined;
    fromStdin: boolean | undefined;
    secret: boolean;
    prompt: string;
    hint: string;
  },
): Promise<string> {
  if (options.given !== undefined) return options.given;
  if (options.fromStdin) return stdinValue(session, "--value-stdin");
  const prompter = session.context.prompter;
  if (!prompter) throw new CliError(`a value is required: ${options.hint}`, ExitCode.Usage);
  return options.secret ? prompter.secret(options.prompt) : prompter.text(options.prompt);
}

/**
 * `--extra` and `--uri` take the text itself, or `@FILE` (`@-` for stdin) so a secret in them
 * stays out of shell history.
 */
export async function textOrFile(session: Session, given: string, flag: string): Promise<string> {
  if (!given.startsWith("@")) return given;
  const file = given.slice(1);
  if (file === "-") return stdinValue(session, flag);
  try {
    return (await readFile(file, "utf8")).replace(/\r?\n$/, "");
  } catch (error) {
    throw new CliError(
      `${flag}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
      ExitCode.Usage,
    );
  }
}

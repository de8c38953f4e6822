// Small pieces every command uses: printing in the chosen format, notes on stderr, the
// confirmation rule for destructive commands, and option value parsers.
import { type Command, InvalidArgumentError, Option } from "commander";
import type { CliContext } from "../context.ts";
import { CliError, ExitCode } from "../exit-codes.ts";
import { type Printable, type PrintableDetails, render } from "../output.ts";
import { Session } from "../session.ts";

/**
 * A command's action with its session open: `run(session, ...arguments, options)`. Commander
 * passes the command itself last; the session is read from it (flags, environment, config).
 */
export function withSession<Args extends unknown[]>(
  context: CliContext,
  run: (session: Session, ...args: Args) => Promise<void>,
): (...args: [...Args, Command]) => Promise<void> {
  return async (...args) => {
    const command = args[args.length - 1] as Command;
    await run(await Session.open(context, command), ...(args.slice(0, -1) as Args));
  };
}

/** Like withSession, for a command acting in the organization: `run(session, organizationId, ...)`. */
export function inOrganization<Args extends unknown[]>(
  context: CliContext,
  run: (session: Session, organizationId: string, ...args: Args) => Promise<void>,
): (...args: [...Args, Command]) => Promise<void> {
  return withSession(context, async (session, ...args: Args) =>
    run(session, await session.organizationId(), ...args),
  );
}

/** Prints data on stdout in the format the user chose (-o), fitted to the terminal. */
export function print<Row>(session: Session, printable: Printable<Row> | PrintableDetails): void {
  session.context.io.out(render(session.output, printable, session.context.io.width));
}

/** A remark for the person at the terminal; stderr, so stdout stays parseable. */
export function note(session: Session, text: string): void {
  session.context.io.err(`${text}\n`);
}

/**
 * Destructive commands ask on a terminal; without one they need --yes, so a script never
 * deletes by accident because a prompt had nobody to answer it.
 */
export async function confirmOrRefuse(
  session: Session,
  question: string,
  options: { yes: boolean | undefined; what: string },
): Promise<void> {
  if (options.yes) return;
  const prompter = session.context.prompter;
  if (!prompter) {
    throw new CliError(
      `refusing to ${options.what} without --yes when not run interactively`,
      ExitCode.Usage,
    );
  }
  if (!(await prompter.confirm(question, { default: false }))) {
    throw new CliError("cancelled; nothing was changed", ExitCode.Failure);
  }
}

/** An ISO time from the API, shortened for a table: 2026-01-31 12:00 (UTC). */
export function shortTime(value: string | null | undefined): string {
  if (!value) return "";
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  return match ? `${match[1]} ${match[2]}` : value;
}

/** A parser for an option taking one of a few words, accepted in any case, sent upper-case. */
export function oneOf(values: readonly string[]): (value: string) => string {
  return (value) => {
    const upper = value.trim().toUpperCase();
    const allowed = values.map((v) => v.toUpperCase());
    if (!allowed.includes(upper)) throw new InvalidArgumentError(`must be one of ${values.join(", ")}`);
    return upper;
  };
}

/**
 * An option taking one of a few words: listed in help and offered by shell completion, accepted
 * in any case and sent upper-case.
 */
export function choiceOption(
  flags: string,
  description: string,
  values: readonly string[],
  options: { required?: boolean } = {},
): Option {
  const option = new Option(flags, description).choices(values).argParser(oneOf(values));
  return options.required ? option.makeOptionMandatory() : option;
}

/** A parser for a whole-number option. */
export function wholeNumber(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError("must be a whole number");
  return Number(value);
}

const DURATION_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `10m`, `1h`, `2d` (a bare number is seconds) in milliseconds. */
export function duration(value: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError("must be a duration like 90s, 10m, 1h or 2d");
  const ms = Number(match[1]) * (DURATION_UNITS[match[2] || "s"] ?? 1_000);
  if (ms <= 0) throw new InvalidArgumentError("must be longer than 0s");
  return ms;
}

/** `30d`, `4w` or a bare number of days, as whole days. */
export function days(value: string): number {
  const match = /^(\d+)([dw]?)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError("must be a number of days like 30d, or weeks like 4w");
  const count = Number(match[1]) * (match[2] === "w" ? 7 : 1);
  if (count < 1) throw new InvalidArgumentError("must be at least 1d");
  return count;
}

/** Only the values given: a request leaves out what the command line did not set. */
export function given<T extends Record<string, unknown>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** `… update --name N --description D` of a workspace or team: what changes, refusing nothing at all. */
export function renaming(options: { name?: string; description?: string }) {
  const changes = given({ name: options.name, description: options.description });
  if (Object.keys(changes).length === 0) {
    throw new CliError("nothing to change: give --name and/or --description", ExitCode.Usage);
  }
  return changes;
}

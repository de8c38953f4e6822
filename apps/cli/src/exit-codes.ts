/**
 * The CLI's exit status contract, relied on by scripts and CI jobs:
 * 0 success, 1 the operation failed (server error, unhealthy, unreachable),
 * 2 the command line itself was wrong (unknown option or command, invalid value).
 */
export const ExitCode = {
  Ok: 0,
  Failure: 1,
  Usage: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An expected failure: its message is shown to the user as is, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.Failure,
  ) {
    super(message);
    this.name = "CliError";
  }
}

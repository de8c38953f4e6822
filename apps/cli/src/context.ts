/** Where a command writes. Passed in rather than reached for, so commands stay testable. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Terminal width for tables; undefined when output is not a terminal (no truncation). */
  width: number | undefined;
  /** stdout is a terminal: progress is drawn as a spinner rather than printed as lines. */
  stdoutIsTerminal: boolean;
  /** Everything written to stdin, for `--password-stdin` and `login --token` without a value. */
  readStdin(): Promise<string>;
}

/** Questions asked on a terminal. Absent when nobody is there to answer (stdin or stdout is not one). */
export interface Prompter {
  text(message: string, options?: { default?: string }): Promise<string>;
  /** Typed without echo: passwords and tokens. */
  secret(message: string): Promise<string>;
  confirm(message: string, options?: { default?: boolean }): Promise<boolean>;
}

/** A line that redraws itself in place while a command waits. */
export interface Spinner {
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
}

/** Everything a command needs from the outside world. Built once in main.ts. */
export interface CliContext {
  io: Io;
  version: string;
  /** The environment the CLI reads its SKYPORT_* settings, HOME and NO_COLOR from. */
  env: Readonly<Record<string, string | undefined>>;
  /** null when the CLI is not attached to a terminal: commands then need flags, not answers. */
  prompter: Prompter | null;
  /** A spinner on the terminal, or null when stdout is not a terminal (status changes print as lines). */
  spinner(text: string): Spinner | null;
  /** How long `--wait` pauses between looks at a deployment. */
  pollIntervalMs: number;
  sleep(ms: number): Promise<void>;
  now(): number;
  /** Items per page when following list cursors (the API's maximum unless a test wants more pages). */
  pageSize?: number;
}

import type { Command } from "commander";
import { ApiClient } from "./api/client.ts";
import type { OutputFormat } from "./output.ts";

/** The options every command accepts (declared on the program, usable after the command name). */
export interface GlobalOptions {
  apiUrl: string;
  output: OutputFormat;
}

/** Where a command writes. Passed in rather than reached for, so commands stay testable. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Terminal width for tables; undefined when output is not a terminal (no truncation). */
  width: number | undefined;
}

/** Everything a command needs from the outside world. Built once in main.ts. */
export interface CliContext {
  io: Io;
  version: string;
  /** Creates the REST client for the API URL the user chose. */
  client(options: GlobalOptions): ApiClient;
}

export function globalOptions(command: Command): GlobalOptions {
  const { apiUrl, output } = command.optsWithGlobals<GlobalOptions>();
  return { apiUrl, output };
}

export function createApiClient(options: GlobalOptions, version: string): ApiClient {
  return new ApiClient({ baseUrl: options.apiUrl, userAgent: `skyport-cli/${version}`, timeoutMs: 30_000 });
}

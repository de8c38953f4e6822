// The built `skyport` CLI run as a user runs it (one process per command, its own config
// directory), with input on stdin when a command reads a secret from there, and every stdout and
// stderr kept in a transcript for a leak search.
import { runProcess } from "../../apps/cli/test/helpers.ts";
import { CLI_BIN, type CliResult } from "./cli.ts";
import type { Transcript } from "./transcript.ts";

export interface CliRun {
  /** Written to the command's stdin (which is closed either way). */
  stdin?: string;
  env?: NodeJS.ProcessEnv;
}

export function recordedCli(
  transcript: Transcript,
  options: { apiUrl: string; configDir: string; env?: NodeJS.ProcessEnv },
) {
  const base: NodeJS.ProcessEnv = {};
  // Nothing from the developer's own environment may steer the CLI.
  for (const [name, value] of Object.entries(process.env))
    if (!name.startsWith("SKYPORT_")) base[name] = value;
  return async function skyport(args: string[], run: CliRun = {}): Promise<CliResult> {
    const result = await runProcess(process.execPath, [CLI_BIN, ...args], {
      env: {
        ...base,
        SKYPORT_API_URL: options.apiUrl,
        SKYPORT_CONFIG_DIR: options.configDir,
        ...options.env,
        ...run.env,
      },
      stdin: run.stdin ?? "",
      timeoutMs: 5 * 60_000,
    });
    // The command line is the test's own input (it may hold a canary); only answers are kept.
    const command = `skyport ${args.slice(0, 3).join(" ")}`;
    transcript.record(`CLI "${command} …" (exit ${result.code}) stdout`, result.stdout);
    transcript.record(`CLI "${command} …" (exit ${result.code}) stderr`, result.stderr);
    return result;
  };
}

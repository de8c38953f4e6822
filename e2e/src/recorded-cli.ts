// The built `skyport` CLI run as a user runs it (one process per command, its own config
// directory), with input on stdin when a command reads a secret from there, and every stdout and
// stderr kept in a transcript for a leak search.
import { spawn } from "node:child_process";
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
  return function skyport(args: string[], run: CliRun = {}): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI_BIN, ...args], {
        env: {
          ...base,
          SKYPORT_API_URL: options.apiUrl,
          SKYPORT_CONFIG_DIR: options.configDir,
          ...options.env,
          ...run.env,
        },
        stdio: ["pipe", "pipe", "pipe"],
        timeout: 5 * 60_000,
      });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
      });
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
      });
      child.stdin.end(run.stdin ?? "");
      child.on("error", reject);
      child.on("close", (code) => {
        // The command line is the test's own input (it may hold a canary); only answers are kept.
        const command = `skyport ${args.slice(0, 3).join(" ")}`;
        transcript.record(`CLI "${command} …" (exit ${code}) stdout`, stdout);
        transcript.record(`CLI "${command} …" (exit ${code}) stderr`, stderr);
        resolve({ code, stdout, stderr });
      });
    });
  };
}

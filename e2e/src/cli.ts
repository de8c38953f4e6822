// Runs the built `skyport` CLI as a user does: `node apps/cli/bin/skyport.js …`, in its own
// process, with its own config directory, talking to a running stack over HTTP.
import { execFileSync, spawn } from "node:child_process";
import { repoPath } from "./stack.ts";

export const CLI_BIN = repoPath("apps/cli/bin/skyport.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Builds dist/skyport.js, which bin/skyport.js runs in preference to the sources. */
export function buildCli(): void {
  execFileSync(process.execPath, [repoPath("apps/cli/build.mjs")], { stdio: "inherit" });
}

/** A person at a terminal-less shell (as in CI): environment, config directory, server. */
export function cliUser(options: { apiUrl: string; configDir: string }) {
  const base: NodeJS.ProcessEnv = {};
  // Nothing from the developer's own environment may steer the CLI.
  for (const [name, value] of Object.entries(process.env))
    if (!name.startsWith("SKYPORT_")) base[name] = value;
  return function skyport(
    args: string[],
    env: NodeJS.ProcessEnv = {},
    timeoutMs = 5 * 60_000,
  ): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI_BIN, ...args], {
        env: {
          ...base,
          SKYPORT_API_URL: options.apiUrl,
          SKYPORT_CONFIG_DIR: options.configDir,
          // --wait looks every half second instead of every two.
          SKYPORT_POLL_INTERVAL_MS: "500",
          ...env,
        },
        stdio: ["ignore", "pipe", "pipe"],
        timeout: timeoutMs,
      });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
      });
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
      });
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  };
}

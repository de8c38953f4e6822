// Runs the built `skyport` CLI as a user does: `node apps/cli/bin/skyport.js …`, in its own
// process, with its own config directory, talking to a running stack over HTTP.
import { execFileSync } from "node:child_process";
import { type CliResult, runProcess } from "../../apps/cli/test/helpers.ts";
import { repoPath } from "./stack.ts";

export const CLI_BIN = repoPath("apps/cli/bin/skyport.js");

export type { CliResult };

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
    return runProcess(process.execPath, [CLI_BIN, ...args], {
      env: {
        ...base,
        SKYPORT_API_URL: options.apiUrl,
        SKYPORT_CONFIG_DIR: options.configDir,
        // --wait looks every half second instead of every two.
        SKYPORT_POLL_INTERVAL_MS: "500",
        ...env,
      },
      timeoutMs,
    });
  };
}

/**
 * Fails with everything needed to see why a command did not succeed: its exit code, its output
 * and the stack's last words. Returns the result for chaining.
 */
export function expectSuccess(result: CliResult, what: string, stack?: { output(): string }): CliResult {
  if (result.code !== 0) {
    throw new Error(
      `${what} exited ${result.code}\n--- stderr\n${result.stderr}\n--- stdout\n${result.stdout}\n` +
        (stack ? `--- stack (last lines)\n${stack.output().slice(-4_000)}` : ""),
    );
  }
  return result;
}

/** A deployment as `skyport deployment inspect -o json` shows it: the fields the journeys read. */
export interface InspectedDeployment {
  id: string;
  namespace: string;
  status: string;
  statusReason: string | null;
  airflowUrl: string;
  generation: number;
  observedGeneration: number;
}

/** `skyport deployment inspect <name> -o json`, parsed; failing as expectSuccess does. */
export async function inspectDeployment(
  skyport: ReturnType<typeof cliUser>,
  name: string,
  stack?: { output(): string },
): Promise<InspectedDeployment> {
  const result = await skyport(["deployment", "inspect", name, "-o", "json"]);
  return JSON.parse(expectSuccess(result, `inspect ${name}`, stack).stdout);
}

/** Ada signs up (organization Acme) and creates the workspace Analytics: the start of most journeys. */
export async function signUpAdaWithWorkspace(
  skyport: ReturnType<typeof cliUser>,
  password: string,
  stack?: { output(): string },
): Promise<void> {
  expectSuccess(
    await skyport(["signup", "--email", "ada@acme.test", "--name", "Ada", "--organization-name", "Acme"], {
      SKYPORT_PASSWORD: password,
    }),
    "signup",
    stack,
  );
  expectSuccess(await skyport(["workspace", "create", "Analytics"]), "workspace create", stack);
}

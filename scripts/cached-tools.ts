// What the scripts that fetch or build a tool into the cache (~/.cache/skyport) share: running
// a build step, a log prefixed with the tool's name, and building with Go — built once, and
// never committed to the repository.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const GO_INSTALL_HINT = "install Go (https://go.dev/dl/, or `apt-get install golang`)";

export function hasGo(): boolean {
  return spawnSync("go", ["version"], { encoding: "utf8" }).status === 0;
}

/** Where a tool's progress goes by default: stderr, each line prefixed with `[tool]`. */
export function toolLog(tool: string): (line: string) => void {
  return (line) => process.stderr.write(`[${tool}] ${line}\n`);
}

/** Runs a command with inherited output; rejects naming it when it fails. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`)),
    );
  });
}

/** `go install` of `args` into the directory `gobin`. */
export function goInstall(args: string[], gobin: string): Promise<void> {
  return run("go", ["install", ...args], { env: { ...process.env, GOBIN: gobin, GOFLAGS: "-mod=mod" } });
}

/**
 * The cached `binary` of `tool`, built by `build` when missing (which needs Go); logs how long
 * the build took.
 */
export async function ensureGoBuilt(
  tool: string,
  binary: string,
  log: (line: string) => void,
  build: () => Promise<void>,
): Promise<string> {
  if (existsSync(binary)) return binary;
  requireGo(tool);
  const started = Date.now();
  await build();
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return binary;
}

/** Refuses, saying how to get Go, when `what` (not built yet) needs Go to be built. */
export function requireGo(what: string): void {
  if (!hasGo()) throw new Error(`Go is missing to build ${what}: ${GO_INSTALL_HINT}`);
}

// Go tools the tests and benches run (helm, statsd_exporter, vegeta) are built from the Go module
// proxy into the cache, never into the repository: `go install <package>@<version>` into a sibling
// directory first, renamed into place when the build succeeded, so an interrupted build never
// leaves a half-written binary where a later run would take it for a finished one.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

export const GO_INSTALL_HINT = "install Go (https://go.dev/dl/, or `apt-get install golang`)";

export function hasGo(): boolean {
  return spawnSync("go", ["version"], { encoding: "utf8" }).status === 0;
}

export interface GoTool {
  /** What log lines and errors call it ("helm"). */
  name: string;
  /** The package to install, with its version ("helm.sh/helm/v3/cmd/helm@v3.22.0"). */
  pkg: string;
  /** Where the binary ends up; its directory holds nothing else. */
  binary: string;
  /** Extra `go install` flags (e.g. -ldflags=…). */
  flags?: string[];
}

/** The tool's binary, building it when missing. */
export async function ensureGoTool(
  tool: GoTool,
  log: (line: string) => void = (line) => process.stderr.write(`[${tool.name}] ${line}\n`),
): Promise<string> {
  if (existsSync(tool.binary)) return tool.binary;
  if (!hasGo()) throw new Error(`${tool.name} is not built and Go is missing: ${GO_INSTALL_HINT}`);
  const target = path.dirname(tool.binary);
  const staging = `${target}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  log(`building ${tool.pkg} into ${target}`);
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn("go", ["install", ...(tool.flags ?? []), tool.pkg], {
      env: { ...process.env, GOBIN: staging, GOFLAGS: "-mod=mod" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`go install ${tool.pkg} exited with ${code}`)),
    );
  }).catch((error: unknown) => {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  });
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return tool.binary;
}

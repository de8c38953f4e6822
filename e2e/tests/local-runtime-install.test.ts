// A Skyport worker killed with SIGKILL in the middle of installing a local runtime's Airflow
// (uv busy writing packages): the next install — the next reconcile — takes the dead installer's
// lock over, stops the uv it left running (a SIGKILLed worker does not take its children with
// it), rebuilds the environment from nothing and ends with a working Airflow, not a broken mix.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_RUNTIME_VERSION } from "@skyport/deployment-spec";
import { ensureAirflowEnvironment, MARKER, runtimeRequirements } from "@skyport/local-runtime/install";
import { hasToolchain } from "@skyport/testing/toolchain";
import { afterAll, describe, expect, it } from "vitest";
import { AIRFLOW_PYTHON } from "../src/airflow-example-dags.ts";
import { repoPath } from "../src/stack.ts";

/** Pids of processes whose command line mentions `text`. */
function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(text)) found.push(Number(entry));
    } catch {
      // exited while listing
    }
  }
  return found;
}

describe.runIf(hasToolchain(AIRFLOW_PYTHON))("installing Airflow after the installer was killed", () => {
  let root = "";
  let child: ChildProcess | undefined;
  afterAll(async () => {
    child?.kill("SIGKILL");
    if (root) {
      for (const pid of processesMentioning(root)) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // gone
        }
      }
      await rm(root, { recursive: true, force: true });
    }
  });

  it(
    "finishes the install without a broken environment when the worker died mid-install",
    async () => {
      root = await mkdtemp(path.join(tmpdir(), "skyport-e2e-install-"));
      // The worker: installing, until uv is writing packages — then SIGKILL, the worker alone.
      child = spawn(
        // Node itself with tsx's loader (the tsx command would run the script in a child of its own).
        process.execPath,
        ["--import", "tsx", repoPath("e2e/src/install-airflow-child.ts"), root, DEFAULT_RUNTIME_VERSION],
        { stdio: ["ignore", "pipe", "inherit"], cwd: repoPath() },
      );
      const worker = child;
      const reached = await new Promise<string>((resolve, reject) => {
        let output = "";
        worker.stdout?.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (/phase (downloading|installing)/.test(output)) resolve(output);
          if (output.includes("installed"))
            reject(new Error("the install finished before it could be killed"));
        });
        worker.on("exit", (code) => reject(new Error(`the installer exited early (${code}): ${output}`)));
      });
      expect(reached).toMatch(/phase resolving/);
      worker.kill("SIGKILL");
      await new Promise((resolve) => worker.once("exit", resolve));
      const environment = readdirSync(root).find((name) =>
        name.startsWith(`airflow-${DEFAULT_RUNTIME_VERSION}-`),
      );
      expect(environment).toBeDefined();
      const killedDir = path.join(root, environment ?? "");
      // What the dead worker leaves: its lock, no marker, and uv still running into the environment.
      expect(existsSync(`${killedDir}.lock`)).toBe(true);
      expect(existsSync(path.join(killedDir, MARKER))).toBe(false);
      const leftovers = processesMentioning(killedDir);
      expect(leftovers.length).toBeGreaterThan(0);

      // The next reconcile's install.
      const lines: string[] = [];
      const install = await ensureAirflowEnvironment(
        { airflow: DEFAULT_RUNTIME_VERSION, requirements: runtimeRequirements(DEFAULT_RUNTIME_VERSION) },
        { root, python: process.env.SKYPORT_PYTHON ?? "python3", log: (line) => lines.push(line) },
      );
      expect(lines).toContain(
        `taking over the install lock of an installer that is gone (${killedDir}.lock)`,
      );
      expect(lines.some((line) => line.startsWith("stopping what the dead installer left running"))).toBe(
        true,
      );
      for (const pid of leftovers) expect(() => process.kill(pid, 0)).toThrow();
      expect(install.version).toBe(DEFAULT_RUNTIME_VERSION);
      expect(JSON.parse(readFileSync(path.join(killedDir, MARKER), "utf8"))).toMatchObject({
        airflow: DEFAULT_RUNTIME_VERSION,
        version: DEFAULT_RUNTIME_VERSION,
      });
      // Not a broken mix: the environment's own checker finds every requirement satisfied, and
      // the providers a deployment needs import.
      const check = spawnSync(
        path.join(killedDir, "bin", "uv"),
        ["pip", "check", "--python", install.python],
        {
          encoding: "utf8",
        },
      );
      expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
      const imports = spawnSync(
        install.python,
        [
          "-c",
          "import airflow.providers.celery, airflow.providers.openlineage, airflow.providers.postgres, redis, statsd",
        ],
        { encoding: "utf8" },
      );
      expect(imports.status, imports.stderr).toBe(0);
      expect(existsSync(`${killedDir}.lock`)).toBe(false);
    },
    20 * 60_000,
  );
});

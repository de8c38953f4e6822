// The installer after a crash: a worker killed mid-install leaves its lock (naming a pid that is
// gone) and a half-built environment. The next install takes the lock over at once, starts the
// environment afresh, reports its phases, and a failure names its cause and the fix.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { hasToolchain, PYTHON3 } from "@skyport/testing/toolchain";
import { afterAll, describe, expect, it } from "vitest";
import {
  AirflowInstallError,
  ensureAirflowEnvironment,
  type InstallPhase,
  venvDirFor,
} from "../src/install.ts";
import { findPython } from "../src/python.ts";

const scratch = mkdtempSync(path.join(os.tmpdir(), "skyport-install-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.runIf(hasToolchain(PYTHON3))("installing an Airflow environment", () => {
  it("takes over the lock of an installer that died and rebuilds its half-finished environment", async () => {
    const python = findPython("python3");
    if (!python) throw new Error("python3 disappeared");
    const packages = { airflow: "0.0.0", requirements: ["skyport-no-such-package-for-tests==0.0.0"] };
    const venvDir = venvDirFor(scratch, packages.airflow, python);
    // What a worker killed with SIGKILL mid-install leaves behind.
    mkdirSync(path.join(venvDir, "bin"), { recursive: true });
    writeFileSync(path.join(venvDir, "half-finished"), "");
    mkdirSync(`${venvDir}.lock`);
    const dead = spawnSync("true").pid;
    writeFileSync(path.join(`${venvDir}.lock`, "owner"), String(dead));

    const phases: InstallPhase[] = [];
    const lines: string[] = [];
    const failure = await ensureAirflowEnvironment(packages, {
      root: scratch,
      python: "python3",
      log: (line) => lines.push(line),
      onPhase: (phase) => {
        phases.push(phase);
      },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AirflowInstallError);
    expect((failure as Error).message).toMatch(
      /^Installing skyport-no-such-package-for-tests==0\.0\.0 failed \(.*\)\. Fix: make the Python package index reachable/,
    );
    expect(lines).toContain(`taking over the install lock of an installer that is gone (${venvDir}.lock)`);
    expect(phases.slice(0, 2)).toEqual(["creating the environment", "resolving"]);
    expect(existsSync(path.join(venvDir, "half-finished"))).toBe(false);
    expect(existsSync(`${venvDir}.lock`)).toBe(false);
  }, 300_000);
});

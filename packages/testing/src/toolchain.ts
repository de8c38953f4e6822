import { spawnSync } from "node:child_process";

export interface Toolchain {
  /** What the tests need, e.g. "Python 3". */
  name: string;
  /** The command that says whether it is there (exit code 0), or a check of one's own. */
  probe: [string, ...string[]] | (() => boolean);
  /** How a developer installs it. */
  install: string;
  /** Which tests are left out without it. */
  tests: string;
}

/**
 * Whether a toolchain some tests need is on this machine. When it is not, prints a loud banner
 * naming the install command and the tests that do not run — except under CI, where a missing
 * toolchain is an error: CI installs everything and must run every test.
 */
export function hasToolchain(toolchain: Toolchain): boolean {
  const { probe } = toolchain;
  const found =
    typeof probe === "function"
      ? probe()
      : spawnSync(probe[0], probe.slice(1), { stdio: "ignore" }).status === 0;
  if (found) return true;
  const line = "!".repeat(78);
  const banner =
    `\n${line}\n!! ${toolchain.tests.toUpperCase()} NOT RUN: ${toolchain.name} is not installed.\n` +
    `!! Install it with \`${toolchain.install}\` and run the tests again.\n${line}\n`;
  if (process.env.CI) throw new Error(`CI must install ${toolchain.name}: ${toolchain.install}`);
  process.stderr.write(banner);
  return false;
}

export const PYTHON3: Toolchain = {
  name: "Python 3",
  probe: ["python3", "--version"],
  install: "sudo apt-get install -y python3 python3-venv",
  tests: "tests that run Python (the bundle sync process, real Airflow)",
};

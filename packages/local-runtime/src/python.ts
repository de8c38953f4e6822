// The Python interpreter real Airflow is built from, and which Python lines each Airflow line
// supports (Airflow's own support table: 2.10/2.11 run on 3.8/3.9–3.12, 3.x on 3.10–3.13).
import { spawnSync } from "node:child_process";

export interface PythonInfo {
  /** The interpreter that creates the virtual environment. */
  path: string;
  /** e.g. "3.11.7" */
  version: string;
  /** e.g. "3.11" */
  minor: string;
  /** Whether `python -m venv` can create an environment with pip in it (Debian: python3-venv). */
  canCreateVenv: boolean;
}

/** Shown wherever real Airflow cannot run because Python 3 is missing. */
export const PYTHON_INSTALL_HINT = "sudo apt-get install -y python3 python3-venv";

const PROBE = [
  "import json, sys",
  "ok = True",
  "try:",
  "    import venv, ensurepip",
  "except ImportError:",
  "    ok = False",
  "print(json.dumps({'version': '%d.%d.%d' % sys.version_info[:3], 'venv': ok, 'path': sys.executable}))",
].join("\n");

/** The Python 3 interpreter `candidate` names, or undefined when there is none. */
export function findPython(candidate: string): PythonInfo | undefined {
  const probe = spawnSync(candidate, ["-c", PROBE], { encoding: "utf8", timeout: 30_000 });
  if (probe.status !== 0 || !probe.stdout) return undefined;
  let parsed: { version: string; venv: boolean; path: string };
  try {
    parsed = JSON.parse(probe.stdout.trim()) as typeof parsed;
  } catch {
    return undefined;
  }
  const [major, minorNumber] = parsed.version.split(".");
  if (major !== "3") return undefined;
  return {
    path: parsed.path || candidate,
    version: parsed.version,
    minor: `3.${minorNumber}`,
    canCreateVenv: parsed.venv,
  };
}

/** Python minor versions an Airflow major line runs on, oldest first. */
export const SUPPORTED_PYTHON: Readonly<Record<2 | 3, readonly string[]>> = {
  2: ["3.9", "3.10", "3.11", "3.12"],
  3: ["3.10", "3.11", "3.12", "3.13"],
};

export function pythonSupports(python: PythonInfo, airflowMajor: 2 | 3): boolean {
  return SUPPORTED_PYTHON[airflowMajor].includes(python.minor);
}

/** "Python 3.10–3.13" for messages. */
export function supportedPythonRange(airflowMajor: 2 | 3): string {
  const lines = SUPPORTED_PYTHON[airflowMajor];
  return `Python ${lines[0]}–${lines.at(-1)}`;
}

// Real Apache Airflow for tests: a Python virtual environment in the user's cache (never in the
// repository) with a pinned Airflow 3 and its OpenLineage provider, installed from the Python
// package index on first use by the shared installer (@skyport/local-runtime, which also installs
// the local runtimes' environments). A marker file records what was installed, so every later
// call returns at once.
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PYTHON_INSTALL_HINT, type PythonInfo, findPython as probePython } from "@skyport/local-runtime";
import {
  type AirflowInstall,
  type AirflowPackages,
  ensureAirflowEnvironment,
  expectedMarker as expectedMarkerFor,
  MARKER,
  type Marker,
  UV_VERSION,
  venvDirFor as venvDirIn,
} from "@skyport/local-runtime/install";

export { type AirflowInstall, MARKER, type Marker, PYTHON_INSTALL_HINT, type PythonInfo, UV_VERSION };

export const AIRFLOW_VERSION = "3.3.2";
export const OPENLINEAGE_PROVIDER_VERSION = "2.20.3";

/** What `ensureAirflow` installs (the statsd extra lets Airflow send its metrics). */
export const AIRFLOW_REQUIREMENTS = [
  `apache-airflow[statsd]==${AIRFLOW_VERSION}`,
  `apache-airflow-providers-openlineage==${OPENLINEAGE_PROVIDER_VERSION}`,
];

const HERE = import.meta.dirname;

export interface EnsureAirflowOptions {
  /** Progress lines; default: stderr with an `[airflow]` prefix. */
  log?: (line: string) => void;
  /** Where the environment lives; default `$SKYPORT_CACHE_DIR` or `${XDG_CACHE_HOME:-~/.cache}/skyport`. */
  cacheDir?: string;
  /** The interpreter to build from; default `$SKYPORT_PYTHON`, else `python3` on PATH. */
  python?: string;
}

/**
 * The environment this module reads: `SKYPORT_PYTHON` (the interpreter, default `python3`),
 * `SKYPORT_CACHE_DIR` (default `${XDG_CACHE_HOME:-~/.cache}/skyport`).
 */
export function settings(env: NodeJS.ProcessEnv = process.env): { python: string; cacheDir: string } {
  const xdg = env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return {
    python: env.SKYPORT_PYTHON || "python3",
    cacheDir: env.SKYPORT_CACHE_DIR || path.join(xdg, "skyport"),
  };
}

/** The Python 3 interpreter on this machine, or undefined when there is none. */
export function findPython(candidate = settings().python): PythonInfo | undefined {
  return probePython(candidate);
}

/** Whether a Python 3 interpreter is there to build the Airflow environment from. */
export function hasPython(): boolean {
  return findPython() !== undefined;
}

export function defaultCacheDir(): string {
  return settings().cacheDir;
}

/** The pinned resolution for a Python minor version, when the repository has one. */
export function constraintsFile(pythonMinor: string, version = AIRFLOW_VERSION): string | undefined {
  const file = path.join(HERE, `constraints-${version}-py${pythonMinor}.txt`);
  return existsSync(file) ? file : undefined;
}

export function venvDirFor(python: PythonInfo, cacheDir = defaultCacheDir()): string {
  return venvDirIn(cacheDir, AIRFLOW_VERSION, python);
}

function packagesFor(constraints: string | undefined): AirflowPackages {
  return { airflow: AIRFLOW_VERSION, requirements: AIRFLOW_REQUIREMENTS, constraints };
}

export function expectedMarker(constraints: string | undefined): Omit<Marker, "version" | "resolution"> {
  return expectedMarkerFor(packagesFor(constraints));
}

/**
 * The pinned Airflow environment, installing it when it is missing or out of date. Throws when
 * Python 3 is missing or cannot create virtual environments, naming the command that fixes it.
 */
export async function ensureAirflow(options: EnsureAirflowOptions = {}): Promise<AirflowInstall> {
  const python = options.python ?? settings().python;
  const found = findPython(python);
  return ensureAirflowEnvironment(packagesFor(found ? constraintsFile(found.minor) : undefined), {
    root: options.cacheDir ?? defaultCacheDir(),
    python,
    log: options.log ?? ((line: string) => process.stderr.write(`[airflow] ${line}\n`)),
  });
}

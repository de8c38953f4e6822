// Real Apache Airflow for tests and local runtimes: a Python virtual environment in the user's
// cache (never in the repository) with a pinned Airflow 3 and its OpenLineage provider,
// installed from the Python package index on first use. A marker file records what was
// installed, so every later call returns at once.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const AIRFLOW_VERSION = "3.3.2";
export const OPENLINEAGE_PROVIDER_VERSION = "2.20.3";
/** uv installs the ~140 packages in seconds where pip takes minutes; pinned like everything else. */
export const UV_VERSION = "0.13.9";

/** What `ensureAirflow` installs (the statsd extra lets Airflow send its metrics). */
export const AIRFLOW_REQUIREMENTS = [
  `apache-airflow[statsd]==${AIRFLOW_VERSION}`,
  `apache-airflow-providers-openlineage==${OPENLINEAGE_PROVIDER_VERSION}`,
];

/** Shown wherever real Airflow cannot run because Python 3 is missing. */
export const PYTHON_INSTALL_HINT = "sudo apt-get install -y python3 python3-venv";

const HERE = import.meta.dirname;

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

export interface AirflowInstall {
  /** The virtual environment's Python. */
  python: string;
  /** The `airflow` command. */
  airflowBin: string;
  /** What `airflow version` printed. */
  version: string;
  venvDir: string;
}

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

const PROBE = [
  "import json, sys",
  "ok = True",
  "try:",
  "    import venv, ensurepip",
  "except ImportError:",
  "    ok = False",
  "print(json.dumps({'version': '%d.%d.%d' % sys.version_info[:3], 'venv': ok}))",
].join("\n");

/** The Python 3 interpreter on this machine, or undefined when there is none. */
export function findPython(candidate = settings().python): PythonInfo | undefined {
  const probe = spawnSync(candidate, ["-c", PROBE], { encoding: "utf8", timeout: 30_000 });
  if (probe.status !== 0 || !probe.stdout) return undefined;
  let parsed: { version: string; venv: boolean };
  try {
    parsed = JSON.parse(probe.stdout.trim()) as { version: string; venv: boolean };
  } catch {
    return undefined;
  }
  const [major, minorNumber] = parsed.version.split(".");
  if (major !== "3") return undefined;
  const resolved = spawnSync(candidate, ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" });
  return {
    path: resolved.stdout.trim() || candidate,
    version: parsed.version,
    minor: `3.${minorNumber}`,
    canCreateVenv: parsed.venv,
  };
}

/** Whether a Python 3 interpreter is there to build the Airflow environment from. */
export function hasPython(): boolean {
  return findPython() !== undefined;
}

export function defaultCacheDir(): string {
  return settings().cacheDir;
}

/** The pinned resolution for a Python minor version, when the repository has one. */
export function constraintsFile(pythonMinor: string): string | undefined {
  const file = path.join(HERE, `constraints-${AIRFLOW_VERSION}-py${pythonMinor}.txt`);
  return existsSync(file) ? file : undefined;
}

export function venvDirFor(python: PythonInfo, cacheDir = defaultCacheDir()): string {
  return path.join(cacheDir, `airflow-${AIRFLOW_VERSION}-py${python.minor}`);
}

export const MARKER = "skyport-airflow.json";

export interface Marker {
  airflow: string;
  provider: string;
  requirements: string[];
  constraintsSha256: string | null;
  version: string;
}

export function expectedMarker(constraints: string | undefined): Omit<Marker, "version"> {
  return {
    airflow: AIRFLOW_VERSION,
    provider: OPENLINEAGE_PROVIDER_VERSION,
    requirements: AIRFLOW_REQUIREMENTS,
    constraintsSha256: constraints
      ? createHash("sha256").update(readFileSync(constraints)).digest("hex")
      : null,
  };
}

function readMarker(venvDir: string): Marker | undefined {
  try {
    return JSON.parse(readFileSync(path.join(venvDir, MARKER), "utf8")) as Marker;
  } catch {
    return undefined;
  }
}

function run(command: string, args: string[], log: (line: string) => void, env?: NodeJS.ProcessEnv) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { env: env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const pending = { stdout: "", stderr: "" };
    const forward = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
      output += chunk.toString();
      const lines = (pending[stream] + chunk.toString()).split("\n");
      pending[stream] = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) log(`  ${line.trimEnd()}`);
    };
    child.stdout.on("data", forward("stdout"));
    child.stderr.on("data", forward("stderr"));
    child.on("error", reject);
    child.on("close", (code) => {
      for (const rest of [pending.stdout, pending.stderr]) if (rest.trim()) log(`  ${rest.trimEnd()}`);
      if (code === 0) resolve(output);
      else reject(new Error(`${path.basename(command)} ${args.join(" ")} exited with ${code}:\n${output}`));
    });
  });
}

/** One installer at a time per environment (CI pre-builds it while nothing else runs, but tests may race). */
async function withInstallLock<T>(venvDir: string, log: (line: string) => void, body: () => Promise<T>) {
  const lock = `${venvDir}.lock`;
  mkdirSync(path.dirname(lock), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 20 minutes belongs to an installer that died.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 20 * 60_000) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!announced) log(`waiting for another installer (${lock})`);
      announced = true;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    return await body();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * The pinned Airflow environment, installing it when it is missing or out of date. Throws when
 * Python 3 is missing or cannot create virtual environments, naming the command that fixes it.
 */
export async function ensureAirflow(options: EnsureAirflowOptions = {}): Promise<AirflowInstall> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[airflow] ${line}\n`));
  const python = findPython(options.python);
  if (!python)
    throw new Error(`Python 3 not found (SKYPORT_PYTHON or python3 on PATH): ${PYTHON_INSTALL_HINT}`);
  const venvDir = venvDirFor(python, options.cacheDir);
  const bin = (name: string) => path.join(venvDir, "bin", name);
  const result = (version: string): AirflowInstall => ({
    python: bin("python"),
    airflowBin: bin("airflow"),
    version,
    venvDir,
  });
  const constraints = constraintsFile(python.minor);
  const wanted = expectedMarker(constraints);
  const isCurrent = () => {
    const marker = readMarker(venvDir);
    const { version: _version, ...installed } = marker ?? { version: "" };
    return marker && existsSync(bin("airflow")) && JSON.stringify(installed) === JSON.stringify(wanted)
      ? marker
      : undefined;
  };

  const ready = isCurrent();
  if (ready) return result(ready.version);

  return withInstallLock(venvDir, log, async () => {
    const installedMeanwhile = isCurrent();
    if (installedMeanwhile) return result(installedMeanwhile.version);
    if (!python.canCreateVenv) {
      throw new Error(
        `${python.path} (Python ${python.version}) cannot create virtual environments: ${PYTHON_INSTALL_HINT}`,
      );
    }
    const started = Date.now();
    log(`installing Apache Airflow ${AIRFLOW_VERSION} for Python ${python.version} into ${venvDir}`);
    rmSync(venvDir, { recursive: true, force: true });
    log("creating the virtual environment");
    await run(python.path, ["-m", "venv", venvDir], log);
    log(`installing uv ${UV_VERSION}`);
    await run(
      bin("python"),
      ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", `uv==${UV_VERSION}`],
      log,
    );
    if (!constraints) {
      log(
        `no pinned resolution for Python ${python.minor} (scripts/airflow/constraints-*.txt): resolving freshly`,
      );
    }
    log(`installing ${AIRFLOW_REQUIREMENTS.join(" ")}`);
    await run(
      bin("uv"),
      [
        "pip",
        "install",
        "--python",
        bin("python"),
        "--compile-bytecode",
        ...(constraints ? ["--constraint", constraints] : []),
        ...AIRFLOW_REQUIREMENTS,
      ],
      log,
      { ...process.env, UV_NO_PROGRESS: "1" },
    );
    log("checking `airflow version`");
    const printed = (
      await run(bin("airflow"), ["version"], () => {}, {
        ...process.env,
        AIRFLOW_HOME: path.join(venvDir, "airflow-home"),
        AIRFLOW__CORE__LOAD_EXAMPLES: "False",
      })
    )
      .trim()
      .split("\n")
      .at(-1)
      ?.trim();
    if (printed !== AIRFLOW_VERSION) {
      throw new Error(`\`airflow version\` printed ${JSON.stringify(printed)}, expected ${AIRFLOW_VERSION}`);
    }
    const marker: Marker = { ...wanted, version: printed };
    writeFileSync(path.join(venvDir, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    log(`Apache Airflow ${printed} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result(printed);
  });
}

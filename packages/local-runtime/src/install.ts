// Real Apache Airflow in a cached Python virtual environment, one per Airflow version and Python
// line: installed once with uv (pinned, itself installed with pip into the environment), guarded
// by a lock so concurrent callers install once, and recorded in a marker file so later calls
// return at once. Used by the local runtimes (per deployment runtime version) and by the tests'
// real-Airflow toolchain (scripts/airflow).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { findPython, PYTHON_INSTALL_HINT, type PythonInfo } from "./python.ts";

/** uv installs the ~160 packages in seconds where pip takes minutes; pinned like everything else. */
export const UV_VERSION = "0.13.9";

export const MARKER = "skyport-airflow.json";
/** The exact package set uv resolved, kept beside the marker when no constraints file pinned it. */
export const RESOLUTION_FILE = "skyport-resolution.txt";

/** What to install: an Airflow version, its requirement lines, and optionally a pinned resolution. */
export interface AirflowPackages {
  readonly airflow: string;
  readonly requirements: readonly string[];
  /** A constraints file pinning every package (Airflow publishes one per version and Python line). */
  readonly constraints?: string | undefined;
}

/** The requirements a local runtime needs: Airflow with the Celery executor, the PostgreSQL
 * metadata database, the Redis broker and StatsD metrics, the OpenLineage provider, and on
 * Airflow 3 the git provider (its GitDagBundle follows a deployment's Git source, as the official
 * image's does). */
export function runtimeRequirements(version: string): string[] {
  const requirements = [
    `apache-airflow[celery,postgres,redis,statsd]==${version}`,
    "apache-airflow-providers-openlineage",
  ];
  if (Number(version.split(".")[0]) >= 3) requirements.push("apache-airflow-providers-git");
  return requirements;
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

export interface Marker {
  airflow: string;
  requirements: string[];
  constraintsSha256: string | null;
  version: string;
  /** How the package set was fixed: a constraints file, or uv's fresh resolution (RESOLUTION_FILE). */
  resolution?: "constraints" | "resolved";
}

/** Steps reported while installing, in order. */
export type InstallPhase =
  | "creating the environment"
  | "resolving"
  | "downloading"
  | "installing"
  | "checking";

export interface InstallOptions {
  /** Directory holding one environment per version: `<root>/airflow-<version>-py<minor>`. */
  readonly root: string;
  /** The interpreter to build from (a path or a command on PATH). */
  readonly python: string;
  /** Progress lines (uv's output included). */
  readonly log?: (line: string) => void;
  /** Called when the install enters a phase (only when something is installed). */
  readonly onPhase?: (phase: InstallPhase) => void | Promise<void>;
}

/** Why the install failed, and the command that fixes it. Not retryable by waiting alone. */
export class AirflowInstallError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(`${message}. Fix: ${fix}`);
    this.name = "AirflowInstallError";
  }
}

export function venvDirFor(root: string, airflow: string, python: Pick<PythonInfo, "minor">): string {
  return path.join(root, `airflow-${airflow}-py${python.minor}`);
}

export function expectedMarker(packages: AirflowPackages): Omit<Marker, "version" | "resolution"> {
  return {
    airflow: packages.airflow,
    requirements: [...packages.requirements],
    constraintsSha256: packages.constraints
      ? createHash("sha256").update(readFileSync(packages.constraints)).digest("hex")
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

function run(
  command: string,
  args: string[],
  log: (line: string) => void,
  env?: NodeJS.ProcessEnv,
  onSpawn?: (pid: number) => void,
) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { env: env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    if (child.pid !== undefined) onSpawn?.(child.pid);
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The file in an install lock naming the command the installer is running (its child's pid). */
const CHILD_FILE = "child";

/**
 * A command a dead installer left running (a worker killed with SIGKILL does not take its
 * children with it): uv would go on writing into the environment the next installer rebuilds.
 * Stopped when its pid is still a process whose command line names the environment (a
 * recycled pid never matches).
 */
async function stopLeftoverChild(lock: string, venvDir: string, log: (line: string) => void): Promise<void> {
  let pid = Number.NaN;
  try {
    pid = Number(readFileSync(path.join(lock, CHILD_FILE), "utf8"));
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0) return;
  let commandLine = "";
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return; // gone (or no /proc: nothing to match against)
  }
  if (!commandLine.includes(venvDir)) return;
  // Its own children (uv compiles bytecode in Python subprocesses) go with it: found while it
  // still lives, since they lose their parent once it is killed.
  const doomed = [pid, ...descendantsOf(pid)];
  log(`stopping what the dead installer left running (pid ${pid}: ${commandLine.trim().slice(0, 120)})`);
  for (const one of doomed) {
    try {
      process.kill(one, "SIGKILL");
    } catch {
      // already gone
    }
  }
  for (let waited = 0; waited < 10_000 && doomed.some(alive); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every process below `pid` (from /proc's parent links). */
function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // exited while listing
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * One installer at a time per environment. The lock directory names its owner's pid and the
 * command it runs: a lock whose owner died (a worker killed mid-install) is taken over at once,
 * after stopping the command it left running, so the next reconcile finishes the install; a
 * lock older than 20 minutes is taken over too.
 */
async function withInstallLock<T>(
  venvDir: string,
  log: (line: string) => void,
  body: (recordChild: (pid: number) => void) => Promise<T>,
) {
  const lock = `${venvDir}.lock`;
  const ownerFile = path.join(lock, "owner");
  mkdirSync(path.dirname(lock), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(ownerFile, String(process.pid));
      break;
    } catch {
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(ownerFile, "utf8"));
      } catch {
        // being created right now, or left without an owner by a crash
      }
      const ownerGone = Number.isInteger(owner) && owner > 0 && !alive(owner);
      const ownerless = Number.isNaN(owner) && Date.now() - since > 10_000;
      if (ownerGone || ownerless || Date.now() - since > 20 * 60_000) {
        log(`taking over the install lock of an installer that is gone (${lock})`);
        await stopLeftoverChild(lock, venvDir, log);
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!announced) log(`waiting for another installer (${lock})`);
      announced = true;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    return await body((pid) => writeFileSync(path.join(lock, CHILD_FILE), String(pid)));
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function lastLines(text: string, count: number): string {
  return text.trim().split("\n").slice(-count).join(" / ");
}

/**
 * The Airflow environment for `packages`, installing it when it is missing, half-finished or out
 * of date. Throws AirflowInstallError naming the cause and the fix (no Python, no venv module,
 * the package index unreachable or the version not installable).
 */
export async function ensureAirflowEnvironment(
  packages: AirflowPackages,
  options: InstallOptions,
): Promise<AirflowInstall> {
  const log = options.log ?? (() => {});
  const python = findPython(options.python);
  if (!python) {
    throw new AirflowInstallError(
      `Python 3 not found (${options.python}; SKYPORT_PYTHON or python3 on PATH)`,
      PYTHON_INSTALL_HINT,
    );
  }
  const venvDir = venvDirFor(options.root, packages.airflow, python);
  const bin = (name: string) => path.join(venvDir, "bin", name);
  const result = (version: string): AirflowInstall => ({
    python: bin("python"),
    airflowBin: bin("airflow"),
    version,
    venvDir,
  });
  const wanted = expectedMarker(packages);
  const isCurrent = () => {
    const marker = readMarker(venvDir);
    if (!marker || !existsSync(bin("airflow"))) return undefined;
    const installed = {
      airflow: marker.airflow,
      requirements: marker.requirements,
      constraintsSha256: marker.constraintsSha256,
    };
    return JSON.stringify(installed) === JSON.stringify(wanted) ? marker : undefined;
  };

  const ready = isCurrent();
  if (ready) return result(ready.version);

  return withInstallLock(venvDir, log, async (recordChild) => {
    const installedMeanwhile = isCurrent();
    if (installedMeanwhile) return result(installedMeanwhile.version);
    if (!python.canCreateVenv) {
      throw new AirflowInstallError(
        `${python.path} (Python ${python.version}) cannot create virtual environments`,
        PYTHON_INSTALL_HINT,
      );
    }
    const started = Date.now();
    const phase = async (name: InstallPhase) => {
      log(name);
      await options.onPhase?.(name);
    };
    log(`installing Apache Airflow ${packages.airflow} for Python ${python.version} into ${venvDir}`);
    // Whatever is there is half-finished or outdated (no current marker): start from nothing.
    rmSync(venvDir, { recursive: true, force: true });
    await phase("creating the environment");
    await run(python.path, ["-m", "venv", venvDir], log, undefined, recordChild);
    const indexFix =
      "make the Python package index reachable (or point UV_INDEX_URL / PIP_INDEX_URL at a mirror), then retry the deployment";
    try {
      await run(
        bin("python"),
        ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", `uv==${UV_VERSION}`],
        log,
        undefined,
        recordChild,
      );
    } catch (error) {
      throw new AirflowInstallError(
        `Installing uv ${UV_VERSION} with pip failed (${lastLines((error as Error).message, 2)})`,
        indexFix,
      );
    }
    if (!packages.constraints) {
      log(
        `no pinned resolution for Airflow ${packages.airflow} on Python ${python.minor}: resolving freshly`,
      );
    }
    await phase("resolving");
    let announcedDownload = false;
    let announcedInstall = false;
    const uvLog = (line: string) => {
      log(line);
      const text = line.trim();
      if (!announcedDownload && /^(Resolved|Downloading|Prepared)/.test(text)) {
        announcedDownload = true;
        void phase("downloading");
      }
      if (!announcedInstall && /^(Prepared|Installed)/.test(text)) {
        announcedInstall = true;
        void phase("installing");
      }
    };
    try {
      await run(
        bin("uv"),
        [
          "pip",
          "install",
          "--python",
          bin("python"),
          "--compile-bytecode",
          ...(packages.constraints ? ["--constraint", packages.constraints] : []),
          ...packages.requirements,
        ],
        uvLog,
        { ...process.env, UV_NO_PROGRESS: "1" },
        recordChild,
      );
    } catch (error) {
      throw new AirflowInstallError(
        `Installing ${packages.requirements.join(" ")} failed (${lastLines((error as Error).message, 3)})`,
        indexFix,
      );
    }
    if (!packages.constraints) {
      const frozen = await run(bin("uv"), ["pip", "freeze", "--python", bin("python")], () => {});
      writeFileSync(
        path.join(venvDir, RESOLUTION_FILE),
        `# Resolved freshly by uv ${UV_VERSION} on ${new Date().toISOString()}: no constraints file ` +
          `was available for Airflow ${packages.airflow} on Python ${python.minor}.\n${frozen}`,
      );
    }
    await phase("checking");
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
    if (printed !== packages.airflow) {
      throw new AirflowInstallError(
        `\`airflow version\` printed ${JSON.stringify(printed)}, expected ${packages.airflow}`,
        `remove ${venvDir} and retry the deployment`,
      );
    }
    const marker: Marker = {
      ...wanted,
      version: printed,
      resolution: packages.constraints ? "constraints" : "resolved",
    };
    writeFileSync(path.join(venvDir, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    log(`Apache Airflow ${printed} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result(printed);
  });
}

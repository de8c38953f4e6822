// One supervised component = one process group (the component's process and everything it forks:
// uvicorn workers, Celery pool processes, task runners). Started detached, so a terminal's Ctrl-C
// reaches only Skyport, and stopped as a group. A record names the group leader by pid and by its
// kernel start time, so a pid reused after a reboot or a crash is never mistaken for it.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";

export interface ProcessRecord {
  readonly pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks since boot): tells a reused pid apart. */
  readonly startTime: string;
  readonly startedAt: number;
}

export interface LaunchSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** stdout and stderr are appended here. */
  readonly logFile: string;
}

function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z") return undefined; // exited, not yet reaped
    return fields[19];
  } catch {
    return undefined;
  }
}

export function launch(spec: LaunchSpec): ProcessRecord {
  const out = openSync(spec.logFile, "a", 0o600);
  try {
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: { ...spec.env },
      stdio: ["ignore", out, out],
      detached: true,
    });
    if (child.pid === undefined) throw new Error(`cannot start ${spec.command}`);
    // Exit codes are not needed (liveness is polled); Node still reaps the child when it exits.
    child.on("error", () => {});
    child.unref();
    return { pid: child.pid, startTime: startTimeOf(child.pid) ?? "", startedAt: Date.now() };
  } finally {
    closeSync(out);
  }
}

/** Whether the group leader the record names still runs. */
export function isRunning(record: ProcessRecord): boolean {
  const now = startTimeOf(record.pid);
  return now !== undefined && (record.startTime === "" || now === record.startTime);
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // gone already
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGTERM to the whole group (Airflow's graceful shutdown: a Celery worker finishes its running
 * tasks, the scheduler releases its jobs), SIGKILL to whatever is left after `graceMs`.
 * Returns whether the group stopped without SIGKILL.
 */
export async function stopGroup(record: ProcessRecord, graceMs: number): Promise<boolean> {
  // A recycled pid is someone else's group: leave it alone.
  if (!isRunning(record) && !groupAlive(record.pid)) return true;
  if (startTimeOf(record.pid) !== undefined && !isRunning(record)) return true;
  signalGroup(record.pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!groupAlive(record.pid)) return true;
    await sleep(200);
  }
  signalGroup(record.pid, "SIGKILL");
  for (let i = 0; i < 25 && groupAlive(record.pid); i++) await sleep(200);
  return false;
}

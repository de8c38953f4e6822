// Keeps each local runtime's components running: starts what is missing, restarts what changed or
// crashed (with exponential back-off), stops what is no longer wanted. Its state lives on disk in
// each runtime's directory — the wanted components (supervisor.json, 0600: the environment holds
// the runtime's secrets, like a Kubernetes Secret) and one record per running process group
// (pids/) — so a worker that restarts, even after kill -9, adopts the processes still running
// instead of starting a second copy.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isRunning, type LaunchSpec, launch, type ProcessRecord, stopGroup } from "./processes.ts";

export interface ComponentDefinition extends LaunchSpec {
  /** e.g. "scheduler", "scheduler-2", "worker-default-1". */
  readonly name: string;
}

export interface ComponentStatus {
  readonly name: string;
  readonly running: boolean;
  readonly pid: number | null;
  /** Restarts after a crash since this worker took over the runtime. */
  readonly restarts: number;
}

interface Wanted {
  readonly components: readonly ComponentDefinition[];
}

interface Tracked {
  definition: ComponentDefinition;
  hash: string;
  record: ProcessRecord | null;
  restarts: number;
  failures: number;
  notBefore: number;
}

export interface SupervisorOptions {
  readonly log?: (message: string, fields?: Record<string, unknown>) => void;
  /** How long a stopping group gets after SIGTERM. Default 30 s. */
  readonly graceMs?: number;
  /** How often liveness is checked. Default 2 s. */
  readonly pollMs?: number;
}

const WANTED_FILE = "supervisor.json";
const PIDS_DIR = "pids";
const MAX_BACKOFF_MS = 60_000;
/** How long a crashed component's leftover processes get to exit before SIGKILL. */
const ORPHAN_GRACE_MS = 2_000;

/** A process that ran this long counts as started well: its next crash restarts at once. */
const STABLE_MS = 60_000;

function hashOf(definition: ComponentDefinition): string {
  const { command, args, cwd, env, logFile } = definition;
  return createHash("sha256").update(JSON.stringify({ command, args, cwd, env, logFile })).digest("hex");
}

function writeFileAtomic(file: string, content: string, mode: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode });
  renameSync(temporary, file);
}

/** run() after shutdown(): Skyport is stopping; the next start resumes the runtime. */
export class SupervisorClosedError extends Error {
  constructor() {
    super("Skyport is stopping: local runtimes start again with it");
    this.name = "SupervisorClosedError";
  }
}

export class Supervisor {
  private readonly runtimes = new Map<string, Map<string, Tracked>>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  /** After shutdown(): nothing starts any more (a converge still in flight must not restart
   * what Skyport is stopping). */
  private closed = false;
  /** Runtimes being changed by run() or remove(): the liveness loop keeps its hands off. */
  private readonly busy = new Set<string>();
  private readonly graceMs: number;
  private readonly pollMs: number;
  private readonly log: NonNullable<SupervisorOptions["log"]>;

  constructor(options: SupervisorOptions = {}) {
    this.graceMs = options.graceMs ?? 30_000;
    this.pollMs = options.pollMs ?? 2_000;
    this.log = options.log ?? (() => {});
  }

  /** Starts the liveness loop. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.pollMs);
    this.timer.unref();
  }

  /**
   * Takes over every runtime under `root` (one directory per runtime) that wants components:
   * processes still running are adopted, the rest are started by the loop.
   */
  resume(root: string): string[] {
    let dirs: string[];
    try {
      dirs = readdirSync(root).map((name) => path.join(root, name));
    } catch {
      return [];
    }
    const resumed: string[] = [];
    for (const dir of dirs) {
      let wanted: Wanted;
      try {
        wanted = JSON.parse(readFileSync(path.join(dir, WANTED_FILE), "utf8")) as Wanted;
      } catch {
        continue;
      }
      if (wanted.components.length === 0) continue;
      this.track(dir, wanted.components);
      resumed.push(dir);
    }
    return resumed;
  }

  private track(dir: string, components: readonly ComponentDefinition[]): Map<string, Tracked> {
    const tracked = this.runtimes.get(dir) ?? new Map<string, Tracked>();
    this.runtimes.set(dir, tracked);
    for (const definition of components) {
      if (tracked.has(definition.name)) continue;
      const hash = hashOf(definition);
      const record = this.readRecord(dir, definition.name);
      const adopted = record && record.hash === hash && isRunning(record) ? record : null;
      tracked.set(definition.name, {
        definition,
        hash,
        record: adopted,
        restarts: 0,
        failures: 0,
        notBefore: 0,
      });
    }
    return tracked;
  }

  private readRecord(dir: string, name: string): (ProcessRecord & { hash: string }) | null {
    try {
      return JSON.parse(readFileSync(path.join(dir, PIDS_DIR, `${name}.json`), "utf8")) as ProcessRecord & {
        hash: string;
      };
    } catch {
      return null;
    }
  }

  /**
   * Makes `dir`'s runtime run exactly `components`: starts the missing, restarts the changed,
   * stops the unwanted (also processes a previous worker started and this one never tracked).
   */
  async run(dir: string, components: readonly ComponentDefinition[]): Promise<boolean> {
    if (this.closed) throw new SupervisorClosedError();
    this.busy.add(dir);
    try {
      return await this.change(dir, components);
    } finally {
      this.busy.delete(dir);
    }
  }

  /** Returns whether any process was started or stopped. */
  private async change(dir: string, components: readonly ComponentDefinition[]): Promise<boolean> {
    mkdirSync(path.join(dir, PIDS_DIR), { recursive: true });
    writeFileAtomic(path.join(dir, WANTED_FILE), JSON.stringify({ components }), 0o600);
    const tracked = this.track(dir, components);
    const wanted = new Map(components.map((definition) => [definition.name, definition]));
    const stops: Promise<unknown>[] = [];
    for (const [name, entry] of tracked) {
      const definition = wanted.get(name);
      if (!definition) {
        tracked.delete(name);
        stops.push(this.stopTracked(dir, entry));
        continue;
      }
      const hash = hashOf(definition);
      if (hash !== entry.hash) {
        const old = { ...entry };
        entry.definition = definition;
        entry.hash = hash;
        entry.record = null;
        entry.failures = 0;
        entry.notBefore = 0;
        stops.push(this.stopTracked(dir, old));
      }
    }
    // Records on disk for components nobody tracks (a worker that crashed mid-change).
    for (const file of this.recordFiles(dir)) {
      const name = file.replace(/\.json$/, "");
      if (tracked.has(name)) continue;
      const record = this.readRecord(dir, name);
      if (record) stops.push(stopGroup(record, this.graceMs));
      rmSync(path.join(dir, PIDS_DIR, file), { force: true });
    }
    await Promise.all(stops);
    let started = 0;
    for (const entry of tracked.values()) {
      if (entry.record) continue;
      this.startTracked(dir, entry);
      started++;
    }
    return stops.length > 0 || started > 0;
  }

  private recordFiles(dir: string): string[] {
    try {
      return readdirSync(path.join(dir, PIDS_DIR)).filter((file) => file.endsWith(".json"));
    } catch {
      return [];
    }
  }

  private startTracked(dir: string, entry: Tracked): void {
    if (this.closed) return;
    const record = launch(entry.definition);
    entry.record = record;
    writeFileAtomic(
      path.join(dir, PIDS_DIR, `${entry.definition.name}.json`),
      JSON.stringify({ ...record, hash: entry.hash }),
      0o600,
    );
    this.log("component started", {
      runtime: path.basename(dir),
      component: entry.definition.name,
      pid: record.pid,
    });
  }

  private async stopTracked(dir: string, entry: Tracked): Promise<void> {
    const record = entry.record ?? this.readRecord(dir, entry.definition.name);
    entry.record = null;
    if (record) await stopGroup(record, this.graceMs);
    rmSync(path.join(dir, PIDS_DIR, `${entry.definition.name}.json`), { force: true });
  }

  /** The components `dir`'s runtime wants (as last given to run()). */
  wanted(dir: string): ComponentDefinition[] {
    try {
      return (JSON.parse(readFileSync(path.join(dir, WANTED_FILE), "utf8")) as Wanted).components.slice();
    } catch {
      return [];
    }
  }

  /** Restarts crashed components whose back-off has passed. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = Date.now();
      for (const [dir, tracked] of this.runtimes) {
        if (this.busy.has(dir)) continue;
        for (const entry of tracked.values()) {
          if (entry.record && isRunning(entry.record)) {
            if (now - entry.record.startedAt > STABLE_MS) entry.failures = 0;
            continue;
          }
          if (entry.record) {
            // It died. What it started may live on in its group (a killed scheduler's forked
            // children): stop the group first, so a restart never runs beside orphans.
            await stopGroup(entry.record, ORPHAN_GRACE_MS);
            // Then try again after a back-off that doubles with each quick crash.
            entry.failures += 1;
            entry.restarts += 1;
            entry.notBefore = now + Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** (entry.failures - 1));
            entry.record = null;
            this.log("component exited; restarting after back-off", {
              runtime: path.basename(dir),
              component: entry.definition.name,
              restarts: entry.restarts,
              backoffMs: entry.notBefore - now,
            });
          }
          if (now >= entry.notBefore) this.startTracked(dir, entry);
        }
      }
    } finally {
      this.ticking = false;
    }
  }

  status(dir: string): ComponentStatus[] {
    const tracked = this.runtimes.get(dir);
    if (!tracked) return [];
    return [...tracked.values()].map((entry) => {
      const running = entry.record !== null && isRunning(entry.record);
      return {
        name: entry.definition.name,
        running,
        pid: running ? (entry.record?.pid ?? null) : null,
        restarts: entry.restarts,
      };
    });
  }

  /** Stops `dir`'s runtime for good (deletion): nothing is wanted any more. */
  async remove(dir: string): Promise<void> {
    this.busy.add(dir);
    const tracked = this.runtimes.get(dir);
    this.runtimes.delete(dir);
    const stops: Promise<unknown>[] = [...(tracked?.values() ?? [])].map((entry) =>
      this.stopTracked(dir, entry),
    );
    for (const file of this.recordFiles(dir)) {
      const record = this.readRecord(dir, file.replace(/\.json$/, ""));
      if (record) stops.push(stopGroup(record, this.graceMs));
    }
    try {
      await Promise.all(stops);
      rmSync(path.join(dir, WANTED_FILE), { force: true });
    } finally {
      this.busy.delete(dir);
    }
  }

  /** Stops every runtime's processes (Skyport is shutting down) and keeps what is wanted on
   * disk, so the next start brings them back. */
  async shutdown(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const stops: Promise<void>[] = [];
    for (const [dir, tracked] of this.runtimes) {
      for (const entry of tracked.values()) stops.push(this.stopTracked(dir, entry));
    }
    this.runtimes.clear();
    await Promise.all(stops);
  }
}

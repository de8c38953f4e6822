// The supervisor with real processes (a shell that forks a child, standing in for an Airflow
// component and its task processes): crash restarts, adoption by a new supervisor (a worker
// restarted), changed definitions, and stopping whole process groups.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { isRunning, type ProcessRecord } from "../src/processes.ts";
import { type ComponentDefinition, Supervisor, SupervisorClosedError } from "../src/supervisor.ts";

const scratch = mkdtempSync(path.join(os.tmpdir(), "skyport-supervisor-"));
const supervisors: Supervisor[] = [];
afterEach(async () => {
  for (const supervisor of supervisors.splice(0)) await supervisor.shutdown();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function definition(dir: string, name: string, marker = "a"): ComponentDefinition {
  return {
    name,
    command: "/bin/sh",
    // A child of its own (like a Celery pool process), then wait on it.
    args: ["-c", `sleep 300 & echo started ${marker}; wait`],
    cwd: dir,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", MARKER: marker },
    logFile: path.join(dir, `${name}.log`),
  };
}

function record(dir: string, name: string): ProcessRecord {
  return JSON.parse(readFileSync(path.join(dir, "pids", `${name}.json`), "utf8")) as ProcessRecord;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function supervisor(): Supervisor {
  const created = new Supervisor({ graceMs: 2_000, pollMs: 100 });
  supervisors.push(created);
  return created;
}

// Real processes on shared cores: restarts and group stops can take many seconds under load.
describe("the local runtime supervisor", { timeout: 120_000 }, () => {
  it("restarts a component killed with SIGKILL, as a new process group", async () => {
    const dir = mkdtempSync(path.join(scratch, "crash-"));
    const first = supervisor();
    first.start();
    await first.run(dir, [definition(dir, "scheduler")]);
    const before = record(dir, "scheduler");
    expect(isRunning(before)).toBe(true);
    process.kill(before.pid, "SIGKILL");
    const after = await until(() => {
      const now = record(dir, "scheduler");
      return now.pid !== before.pid ? now : undefined;
    }, "a restart");
    expect(isRunning(after)).toBe(true);
    // The killed leader's own child (its `sleep`) went with it: no orphan beside the restart.
    expect(groupAlive(before.pid)).toBe(false);
    expect(first.status(dir)).toEqual([{ name: "scheduler", running: true, pid: after.pid, restarts: 1 }]);
    await until(
      () =>
        readFileSync(path.join(dir, "scheduler.log"), "utf8").match(/started a/g)?.length === 2
          ? true
          : undefined,
      "the restarted scheduler's output",
    );
  });

  it("adopts the running processes when a new supervisor takes over, instead of starting copies", async () => {
    const root = mkdtempSync(path.join(scratch, "resume-"));
    const dir = path.join(root, "skyport-abc");
    const first = new Supervisor({ graceMs: 2_000, pollMs: 100 });
    await first.run(dir, [definition(dir, "scheduler"), definition(dir, "triggerer")]);
    const before = record(dir, "scheduler");
    // The first supervisor's worker dies without stopping anything (kill -9).
    const second = supervisor();
    expect(second.resume(root)).toEqual([dir]);
    second.start();
    await second.tick();
    expect(record(dir, "scheduler").pid).toBe(before.pid);
    expect(second.status(dir).map((component) => component.running)).toEqual([true, true]);
    // A changed definition replaces the process; a component no longer wanted is stopped.
    const triggerer = record(dir, "triggerer");
    await second.run(dir, [definition(dir, "scheduler", "b")]);
    expect(record(dir, "scheduler").pid).not.toBe(before.pid);
    expect(groupAlive(before.pid)).toBe(false);
    expect(groupAlive(triggerer.pid)).toBe(false);
    // The new process runs with the new definition.
    await until(
      () => (readFileSync(path.join(dir, "scheduler.log"), "utf8").includes("started b") ? true : undefined),
      "the changed scheduler's output",
    );
  });

  it("stops whole process groups on remove, and a shut-down runtime comes back on resume", async () => {
    const root = mkdtempSync(path.join(scratch, "stop-"));
    const dir = path.join(root, "skyport-def");
    const first = supervisor();
    await first.run(dir, [definition(dir, "worker-default-1")]);
    const running = record(dir, "worker-default-1");
    await first.shutdown();
    // The group, the forked `sleep` included, is gone.
    expect(groupAlive(running.pid)).toBe(false);
    // A converge still in flight while Skyport stops cannot start anything again.
    await expect(first.run(dir, [definition(dir, "worker-default-1")])).rejects.toThrow(
      SupervisorClosedError,
    );
    expect(() => record(dir, "worker-default-1")).toThrow();

    const second = supervisor();
    expect(second.resume(root)).toEqual([dir]);
    await second.tick();
    const resumed = record(dir, "worker-default-1");
    expect(isRunning(resumed)).toBe(true);
    await second.remove(dir);
    expect(groupAlive(resumed.pid)).toBe(false);
    // Removed runtimes are not resumed.
    expect(supervisor().resume(root)).toEqual([]);
  });
});

// Helpers for e2e tests that run local runtimes (real Airflow processes under Skyport's worker).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Kills every process group a runtime's supervisor records under `stateDir` (the safety net
 * when a test fails before Skyport could stop them). */
export function killRecordedGroups(stateDir: string): void {
  const runtimes = path.join(stateDir, "runtimes");
  if (!existsSync(runtimes)) return;
  for (const runtime of readdirSync(runtimes)) {
    const pids = path.join(runtimes, runtime, "pids");
    if (!existsSync(pids)) continue;
    for (const file of readdirSync(pids)) {
      try {
        const { pid } = JSON.parse(readFileSync(path.join(pids, file), "utf8")) as { pid: number };
        process.kill(-pid, "SIGKILL");
      } catch {
        // gone
      }
    }
  }
}

/** Polls `probe` every `intervalMs` until it returns a value, or fails naming `what`. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs: number; what: string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}

// What `npm start` says while it builds the web console: the first build takes minutes, so the
// launcher says so up front, lets Next.js print its steps, and reports elapsed time while the
// build is quiet, instead of sitting silent.
import { existsSync } from "node:fs";
import path from "node:path";

/** Whether a production build of the console exists (Next.js writes BUILD_ID last). */
export function hasConsoleBuild(webDir: string): boolean {
  return existsSync(path.join(webDir, ".next", "BUILD_ID"));
}

export function consoleBuildNotice(previousBuild: boolean): string {
  return previousBuild
    ? "Checking the web console build (rebuilt only when its code changed) ..."
    : "Building the web console for the first time: this takes about 2 minutes on a 2-core machine " +
        "and happens once (later starts reuse the build until the console's code changes) ...";
}

/**
 * Reports elapsed time every `intervalMs` until stopped, so a long quiet step never looks hung.
 * Returns the function that stops it.
 */
export function reportProgress(
  say: (line: string) => void,
  what: string,
  intervalMs = 15_000,
  now: () => number = Date.now,
): () => void {
  const started = now();
  const timer = setInterval(() => {
    say(`still ${what} (${Math.round((now() - started) / 1000)} s) ...`);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

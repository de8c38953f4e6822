// Regression: the first `npm start` was silent for two minutes while it built the console.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { consoleBuildNotice, hasConsoleBuild, reportProgress } from "./console-build.ts";

describe("npm start's console build messages", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("says the first build takes minutes and happens once; later starts only check", () => {
    const web = mkdtempSync(path.join(tmpdir(), "skyport-web-"));
    try {
      expect(hasConsoleBuild(web)).toBe(false);
      expect(consoleBuildNotice(hasConsoleBuild(web))).toMatch(/first time.*about 2 minutes.*happens once/s);
      mkdirSync(path.join(web, ".next"));
      writeFileSync(path.join(web, ".next", "BUILD_ID"), "abc");
      expect(hasConsoleBuild(web)).toBe(true);
      expect(consoleBuildNotice(true)).toBe(
        "Checking the web console build (rebuilt only when its code changed) ...",
      );
    } finally {
      rmSync(web, { recursive: true, force: true });
    }
  });

  it("reports elapsed time while the build is quiet, and stops when told", () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const stop = reportProgress((line) => lines.push(line), "building the web console", 15_000);
    vi.advanceTimersByTime(45_000);
    expect(lines).toEqual([
      "still building the web console (15 s) ...",
      "still building the web console (30 s) ...",
      "still building the web console (45 s) ...",
    ]);
    stop();
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(3);
  });
});

// The installer's decisions that need no download: finding Python, the cache location, the
// pinned resolution, and returning at once when the marker says the environment is current.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  AIRFLOW_VERSION,
  constraintsFile,
  ensureAirflow,
  expectedMarker,
  findPython,
  MARKER,
  PYTHON_INSTALL_HINT,
  settings,
  venvDirFor,
} from "./airflow.ts";

const scratch = mkdtempSync(path.join(os.tmpdir(), "skyport-airflow-installer-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the Airflow installer", () => {
  it("keeps its environment in the user's cache, never in the repository", () => {
    expect(settings({ XDG_CACHE_HOME: "/c" }).cacheDir).toBe("/c/skyport");
    expect(settings({ SKYPORT_CACHE_DIR: "/x", XDG_CACHE_HOME: "/c" }).cacheDir).toBe("/x");
    expect(settings({}).cacheDir).toBe(path.join(os.homedir(), ".cache", "skyport"));
    expect(settings({ SKYPORT_PYTHON: "/opt/py/bin/python3" }).python).toBe("/opt/py/bin/python3");
  });

  it("pins the full resolution for Python 3.11 and resolves freshly for a version without one", () => {
    expect(constraintsFile("3.11")).toMatch(new RegExp(`constraints-${AIRFLOW_VERSION}-py3\\.11\\.txt$`));
    expect(constraintsFile("3.99")).toBeUndefined();
  });

  it("treats a missing interpreter as no Python, and says how to install one", async () => {
    expect(findPython(path.join(scratch, "no-such-python3"))).toBeUndefined();
    await expect(
      ensureAirflow({ python: path.join(scratch, "no-such-python3"), log: () => {} }),
    ).rejects.toThrow(PYTHON_INSTALL_HINT);
  });

  it.skipIf(!findPython())(
    "returns at once, installing nothing, when the marker matches what is pinned",
    async () => {
      const python = findPython();
      if (!python) return;
      const cacheDir = path.join(scratch, "cache");
      const venvDir = venvDirFor(python, cacheDir);
      mkdirSync(path.join(venvDir, "bin"), { recursive: true });
      writeFileSync(path.join(venvDir, "bin", "airflow"), "");
      writeFileSync(
        path.join(venvDir, MARKER),
        JSON.stringify({ ...expectedMarker(constraintsFile(python.minor)), version: AIRFLOW_VERSION }),
      );
      const lines: string[] = [];
      const airflow = await ensureAirflow({ cacheDir, log: (line) => lines.push(line) });
      expect(airflow).toEqual({
        python: path.join(venvDir, "bin", "python"),
        airflowBin: path.join(venvDir, "bin", "airflow"),
        version: AIRFLOW_VERSION,
        venvDir,
      });
      // Nothing logged: no virtual environment made, no package installed, `airflow version` not run.
      expect(lines).toEqual([]);
    },
  );
});

// The console's view of a local runtime's directory: the Airflow UI's URL from state.json, kept
// per file and read again whenever LocalRuntimes replaced the file (by rename, as it writes it).
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { localAirflowUrl, localRuntimeNamespaces } from "../src/runtime-files.ts";

const dir = mkdtempSync(path.join(tmpdir(), "skyport-runtime-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes state.json as LocalRuntimes does: a temporary file renamed over it. */
function writeState(state: unknown): void {
  const temporary = path.join(dir, "state.json.tmp");
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, path.join(dir, "state.json"));
}

describe("localAirflowUrl", () => {
  it("follows state.json as it appears, changes and goes away", () => {
    expect(localAirflowUrl(dir)).toBeNull();
    writeState({ deploymentId: "d1" });
    expect(localAirflowUrl(dir)).toBeNull();
    writeState({ deploymentId: "d1", uiPort: 41234 });
    expect(localAirflowUrl(dir)).toBe("http://127.0.0.1:41234/");
    expect(localAirflowUrl(dir)).toBe("http://127.0.0.1:41234/");
    // Same size, new port: the rename gives the file a new identity.
    writeState({ deploymentId: "d1", uiPort: 41235 });
    expect(localAirflowUrl(dir)).toBe("http://127.0.0.1:41235/");
    rmSync(path.join(dir, "state.json"));
    expect(localAirflowUrl(dir)).toBeNull();
    writeState({ deploymentId: "d1", uiPort: 41236 });
    expect(localAirflowUrl(dir)).toBe("http://127.0.0.1:41236/");
  });

  it("answers null for a directory that does not exist or a state that is not JSON", () => {
    expect(localAirflowUrl(path.join(dir, "missing"))).toBeNull();
    writeFileSync(path.join(dir, "state.json"), "{not json");
    expect(localAirflowUrl(dir)).toBeNull();
  });
});

describe("localRuntimeNamespaces", () => {
  it("lists the runtimes directory again whenever a runtime's directory appears or goes away", () => {
    const runtimes = path.join(dir, "runtimes");
    expect([...localRuntimeNamespaces(runtimes)]).toEqual([]);
    mkdirSync(path.join(runtimes, "skyport-a"), { recursive: true });
    expect([...localRuntimeNamespaces(runtimes)]).toEqual(["skyport-a"]);
    mkdirSync(path.join(runtimes, "skyport-b"));
    expect([...localRuntimeNamespaces(runtimes)].sort()).toEqual(["skyport-a", "skyport-b"]);
    rmSync(path.join(runtimes, "skyport-a"), { recursive: true });
    expect([...localRuntimeNamespaces(runtimes)]).toEqual(["skyport-b"]);
  });
});

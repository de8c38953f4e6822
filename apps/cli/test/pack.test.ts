import { access, constants, mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN, CLI_DIR, runProcess, type StubServer, startStubServer } from "./helpers.ts";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

interface PackResult {
  filename: string;
  version: string;
  files: Array<{ path: string; mode: number }>;
}

let workDir: string;
let pack: PackResult;
let tarball: string;

// `npm pack` runs the prepack script, which builds dist/skyport.js with esbuild.
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "skyport-cli-pack-"));
  const packed = await runProcess(npm, ["pack", "--json", "--pack-destination", workDir], {
    cwd: CLI_DIR,
    timeoutMs: 120_000,
  });
  expect(packed.stderr).not.toMatch(/\berror\b/i);
  expect(packed.code).toBe(0);
  const results = JSON.parse(packed.stdout) as PackResult[];
  expect(results).toHaveLength(1);
  pack = results[0] as PackResult;
  tarball = join(workDir, pack.filename);
}, 180_000);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("the npm package", () => {
  it("contains the launcher and the build, and no sources or tests", () => {
    const paths = pack.files.map((f) => f.path).sort();

    expect(paths).toEqual(["README.md", "bin/skyport.js", "dist/skyport.js", "package.json"]);
    expect(pack.files.find((f) => f.path === "bin/skyport.js")?.mode).toBe(0o755);
  });

  it("keeps the launcher executable in the repository (git records the mode)", async () => {
    await access(CLI_BIN, constants.X_OK);
    expect((await stat(CLI_BIN)).mode & 0o111).not.toBe(0);
  });

  it("extracts to a directory holding exactly the packed files", async () => {
    const extractDir = join(workDir, "extracted");
    await mkdir(extractDir);
    const untar = await runProcess("tar", ["-xzf", tarball, "-C", extractDir]);
    expect(untar.code).toBe(0);

    expect((await readdir(join(extractDir, "package"))).sort()).toEqual([
      "README.md",
      "bin",
      "dist",
      "package.json",
    ]);
  });

  describe("installed into a fresh project", () => {
    let project: string;
    let server: StubServer;

    beforeAll(async () => {
      project = join(workDir, "project");
      await mkdir(project);
      await writeFile(join(project, "package.json"), JSON.stringify({ name: "uses-skyport", private: true }));
      // A real install resolves commander and yaml from the package's dependencies (from the
      // npm cache when it has them), exactly as for a user; no tsx or sources are available.
      const install = await runProcess(
        npm,
        ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball],
        { cwd: project, timeoutMs: 120_000 },
      );
      expect(install.stderr).not.toMatch(/ERR!/);
      expect(install.code).toBe(0);
      server = await startStubServer();
    }, 180_000);

    afterAll(async () => {
      await server?.close();
    });

    const installedBin = () => join(project, "node_modules", ".bin", "skyport");

    it("prints its version", async () => {
      const result = await runProcess(installedBin(), ["--version"], { cwd: project });

      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe(pack.version);
    });

    it("loads every runtime dependency from the install: completion and help work", async () => {
      const env = { ...process.env, SKYPORT_CLI_FROM_SOURCE: "" };
      const completion = await runProcess(installedBin(), ["completion", "bash"], { cwd: project, env });
      const help = await runProcess(installedBin(), ["deployment", "create", "--help"], {
        cwd: project,
        env,
      });

      expect(completion.stderr).toBe("");
      expect(completion.code).toBe(0);
      expect(completion.stdout).toContain("complete -F __skyport_complete skyport");
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("--deployment-file <file>");
    });

    it("runs status against a server from the bundled build", async () => {
      const report = { status: "ok", db: "ok", redis: "ok", worker: "ok", version: "9.9.9", failing: [] };
      server.respond({ status: 200, body: report });

      const result = await runProcess(installedBin(), ["status", "-o", "json", "--api-url", server.url], {
        cwd: project,
        env: { ...process.env, SKYPORT_CLI_FROM_SOURCE: "" },
      });

      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual(report);
    });
  });
});

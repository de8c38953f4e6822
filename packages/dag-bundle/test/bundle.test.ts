import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BundleError,
  type BundleLimits,
  diffBundles,
  inspectBundle,
  PackError,
  packDagFolder,
} from "../src/index.ts";
import { type CraftedEntry, craftTarball } from "./craft.ts";

let scratch: string;
beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), "skyport-bundle-"));
});
afterAll(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

/** A DAG folder from a map of relative path → content. */
async function folder(name: string, files: Record<string, string>): Promise<string> {
  const root = path.join(scratch, name);
  for (const [relative, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, relative)), { recursive: true });
    await fs.writeFile(path.join(root, relative), content);
  }
  return root;
}

const paths = (files: { path: string }[]) => files.map((file) => file.path);
const DAG = "from airflow.sdk import dag\n";

describe("packing a DAG folder", () => {
  it("packs every file and reads back the same manifest the server computes", async () => {
    const root = await folder("plain", {
      "etl.py": DAG,
      "lib/helpers.py": "X = 1\n",
      "sql/q.sql": "select 1",
    });
    const packed = await packDagFolder(root, { ignoreSyntax: "glob" });
    expect(paths(packed.files)).toEqual(["etl.py", "lib/helpers.py", "sql/q.sql"]);
    expect(packed.sha256).toBe(createHash("sha256").update(packed.tarball).digest("hex"));
    const manifest = await inspectBundle(packed.tarball);
    expect(manifest.files).toEqual(packed.files);
    expect(manifest.uncompressedBytes).toBe(DAG.length + 6 + 8);
  });

  it("packs the same content to the same SHA-256, whatever the files' times", async () => {
    const root = await folder("stable", { "a.py": DAG, "b/c.py": DAG });
    const first = await packDagFolder(root, { ignoreSyntax: "glob" });
    await fs.utimes(path.join(root, "a.py"), new Date(2001, 1, 1), new Date(2001, 1, 1));
    const second = await packDagFolder(root, { ignoreSyntax: "glob" });
    expect(second.sha256).toBe(first.sha256);
    await fs.writeFile(path.join(root, "a.py"), `${DAG}# changed\n`);
    expect((await packDagFolder(root, { ignoreSyntax: "glob" })).sha256).not.toBe(first.sha256);
  });

  it("honours .airflowignore as globs (Airflow 3) in every folder, .skyportignore and the built-in list", async () => {
    const root = await folder("glob", {
      ".airflowignore": "scratch_*.py\nvendor/\n",
      ".skyportignore": "*.csv\n",
      "etl.py": DAG,
      "scratch_1.py": DAG,
      "vendor/big.py": "",
      "data/seed.csv": "a,b",
      "team/.airflowignore": "old.py\n",
      "team/old.py": DAG,
      "team/new.py": DAG,
      "old.py": DAG,
      "__pycache__/etl.cpython-311.pyc": "",
    });
    const packed = await packDagFolder(root, { ignoreSyntax: "glob" });
    expect(paths(packed.files)).toEqual(
      [".airflowignore", "old.py", "etl.py", "team/.airflowignore", "team/new.py"].sort(),
    );
    expect(packed.leftOut.sort()).toEqual(
      [".skyportignore", "__pycache__/", "data/seed.csv", "scratch_1.py", "team/old.py", "vendor/"].sort(),
    );
  });

  it("reads .airflowignore as un-anchored regular expressions for Airflow 2", async () => {
    const root = await folder("regexp", {
      ".airflowignore": "# comment\nproject_a\ntenant_[\\d]\n",
      "project_a_dag_1.py": DAG,
      "TESTING_project_a.py": DAG,
      "tenant_1.py": DAG,
      "tenant_x.py": DAG,
      "project_b/dag.py": DAG,
    });
    const packed = await packDagFolder(root, { ignoreSyntax: "regexp" });
    expect(paths(packed.files)).toEqual([".airflowignore", "project_b/dag.py", "tenant_x.py"]);
    const asGlobs = await packDagFolder(root, { ignoreSyntax: "glob" });
    expect(paths(asGlobs.files)).toContain("tenant_1.py");
  });

  it("names what stops a folder from being packed", async () => {
    const root = await folder("linked", { "etl.py": DAG });
    await fs.symlink("/etc/passwd", path.join(root, "passwd.py"));
    await expect(packDagFolder(root, { ignoreSyntax: "glob" })).rejects.toThrow(
      "passwd.py is a symbolic link; bundles hold regular files only",
    );
    await fs.writeFile(path.join(root, ".skyportignore"), "passwd.py\n");
    expect(paths((await packDagFolder(root, { ignoreSyntax: "glob" })).files)).toEqual(["etl.py"]);

    const bad = await folder("bad-regexp", { ".airflowignore": "tenant_[\n", "a.py": DAG });
    await expect(packDagFolder(bad, { ignoreSyntax: "regexp" })).rejects.toThrow(
      /\.airflowignore: "tenant_\[" is not a valid regular expression/,
    );
    await expect(
      packDagFolder(path.join(scratch, "missing"), { ignoreSyntax: "glob" }),
    ).rejects.toBeInstanceOf(PackError);
    const empty = await folder("only-ignored", { ".skyportignore": "*\n", "a.py": DAG });
    await expect(packDagFolder(empty, { ignoreSyntax: "glob" })).rejects.toThrow("has no files to deploy");
  });
});

describe("inspecting an uploaded bundle", () => {
  const refused = async (
    tarball: Buffer,
    problem: string,
    message: RegExp | string,
    limits?: BundleLimits,
  ) => {
    const error = await inspectBundle(tarball, limits).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).problem).toBe(problem);
    expect((error as BundleError).message).toMatch(message);
  };

  it("accepts folders and regular files, normalising ./ prefixes", async () => {
    const manifest = await inspectBundle(
      craftTarball([
        { path: "./dags/", type: "Directory" },
        { path: "./dags/etl.py", content: DAG },
      ]),
    );
    expect(manifest.files).toEqual([
      { path: "dags/etl.py", size: DAG.length, sha256: createHash("sha256").update(DAG).digest("hex") },
    ]);
  });

  // Crafted archives the inspector refuses: [what, entries, problem, message].
  const craftedRefusals: Array<[string, CraftedEntry[], string, string]> = [
    [
      "a path climbing out with ..",
      [{ path: "../../etc/passwd", content: "x" }],
      "unsafe-path",
      'climbs out of the bundle with ".."',
    ],
    [
      "a path climbing out from a folder",
      [{ path: "dags/../../x.py", content: "x" }],
      "unsafe-path",
      "climbs out",
    ],
    [
      "an absolute path",
      [{ path: "/etc/passwd", content: "x" }],
      "unsafe-path",
      '"/etc/passwd" is an absolute path',
    ],
    ["a Windows absolute path", [{ path: "C:/Windows/x.py", content: "x" }], "unsafe-path", "absolute path"],
    ["a backslash path", [{ path: "dags\\..\\x.py", content: "x" }], "unsafe-path", "backslash"],
    [
      "a symbolic link",
      [{ path: "dags/passwd", type: "SymbolicLink", linkpath: "/etc/passwd" }],
      "link",
      '"dags/passwd" is a symbolic link',
    ],
    [
      "a hard link",
      [
        { path: "a.py", content: DAG },
        { path: "b.py", type: "Link", linkpath: "a.py" },
      ],
      "link",
      "hard link",
    ],
    ["a FIFO", [{ path: "pipe", type: "FIFO" }], "special-file", "is a FIFO"],
    ["a character device", [{ path: "tty", type: "CharacterDevice" }], "special-file", "CharacterDevice"],
    [
      "a path twice",
      [
        { path: "a.py", content: "1" },
        { path: "./a.py", content: "2" },
      ],
      "duplicate",
      '"a.py" is in the bundle twice',
    ],
    ["an empty bundle", [{ path: "dags/", type: "Directory" }], "empty", "holds no files"],
  ];

  it.each(craftedRefusals)("refuses %s", async (_what, entries, problem, message) => {
    await refused(craftTarball(entries), problem, message);
  });

  it("refuses what is not a tar.gz", async () => {
    await refused(
      Buffer.from("this is not an archive at all, just some text".repeat(20)),
      "not-a-bundle",
      "not a readable tar.gz",
    );
    const whole = craftTarball([{ path: "a.py", content: DAG.repeat(200) }]);
    await refused(whole.subarray(0, Math.floor(whole.length / 2)), "not-a-bundle", "not a readable tar.gz");
  });

  it("stops a zip bomb at the unpacked-size limit and refuses oversize uploads and too many files", async () => {
    const limits: BundleLimits = {
      maxCompressedBytes: 1024 * 1024,
      maxUncompressedBytes: 4 * 1024 * 1024,
      maxFiles: 3,
    };
    // 64 MiB of zeros compresses to ~64 KiB.
    const bomb = craftTarball([{ path: "zeros.bin", content: Buffer.alloc(64 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(limits.maxCompressedBytes);
    await refused(bomb, "too-large", "unpacks to more than 4 MiB", limits);
    const noisy = gzipSync(
      Buffer.concat([Buffer.alloc(512), (await import("node:crypto")).randomBytes(2 * 1024 * 1024)]),
    );
    await refused(noisy, "too-large", "larger than 1 MiB", limits);
    const many = craftTarball(["a", "b", "c", "d"].map((name) => ({ path: `${name}.py`, content: DAG })));
    await refused(many, "too-many-files", "more than 3 files", limits);
  });
});

describe("comparing two bundles", () => {
  it("lists added, removed and changed files by path", async () => {
    const before = await packDagFolder(await folder("v1", { "a.py": "1", "b.py": "2", "c.py": "3" }), {
      ignoreSyntax: "glob",
    });
    const after = await packDagFolder(await folder("v2", { "a.py": "1", "b.py": "two", "d.py": "4" }), {
      ignoreSyntax: "glob",
    });
    const diff = diffBundles(before.files, after.files);
    expect(paths(diff.added)).toEqual(["d.py"]);
    expect(paths(diff.removed)).toEqual(["c.py"]);
    expect(diff.changed.map((change) => change.path)).toEqual(["b.py"]);
    expect(diff.unchanged).toBe(1);
  });
});

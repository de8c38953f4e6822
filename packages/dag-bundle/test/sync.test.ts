import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hasToolchain, PYTHON3 } from "@skyport/testing/toolchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packDagFolder } from "../src/index.ts";
import { craftTarball } from "./craft.ts";

const SCRIPT = fileURLToPath(new URL("../sync/skyport_bundle_sync.py", import.meta.url));
const TOKEN = "skb_read_only_token_for_tests";
const sha256 = (body: Buffer) => createHash("sha256").update(body).digest("hex");

/** A stand-in for Skyport's bundle endpoints: which bundle is active, and its bytes. */
class BundleServer {
  active: string | null = null;
  /** What each active lookup answers; when set, called per request (lets a test alternate). */
  choose: (() => string) | null = null;
  readonly blobs = new Map<string, Buffer>();
  /** What each active lookup reported (the X-Skyport-* headers it carried). */
  readonly reports: Record<string, string>[] = [];
  private server = http.createServer((req, res) => this.answer(req, res));
  url = "";

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401).end();
      return;
    }
    if (req.url === "/api/v1/runtime/bundle") {
      const report = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => name.startsWith("x-skyport-")),
      ) as Record<string, string>;
      if (Object.keys(report).length > 0) this.reports.push(report);
      const active = this.choose ? this.choose() : this.active;
      if (!active) {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ sha256: active, downloadUrl: `/api/v1/runtime/bundle/${active}` }));
      return;
    }
    const blob = this.blobs.get(req.url?.split("/").pop() ?? "");
    if (!blob) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/gzip" }).end(blob);
  }

  /** Adds a bundle under its own SHA-256 (or, to test refusal, under another one). */
  add(tarball: Buffer, as = sha256(tarball)): string {
    this.blobs.set(as, tarball);
    return as;
  }
}

function runSync(root: string, server: BundleServer, args: string[], token = TOKEN) {
  const child = spawn("python3", [SCRIPT, "--root", root, ...args], {
    env: {
      PATH: process.env.PATH,
      SKYPORT_BUNDLE_URL: `${server.url}/api/v1/runtime/bundle`,
      SKYPORT_BUNDLE_TOKEN: token,
      SKYPORT_BUNDLE_COMPONENT: "worker-default",
    },
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
  return { child, exited, output: () => output };
}

async function tree(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, full)] = await fs.readFile(full, "utf8");
  }
  return files;
}

const canonical = (files: Record<string, string>) => JSON.stringify(Object.entries(files).sort());
const same = (x: Record<string, string>, y: Record<string, string>) => canonical(x) === canonical(y);

async function bundleOf(scratch: string, name: string, files: Record<string, string>) {
  const root = path.join(scratch, "src", name);
  for (const [relative, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, relative)), { recursive: true });
    await fs.writeFile(path.join(root, relative), content);
  }
  return (await packDagFolder(root, { ignoreSyntax: "glob" })).tarball;
}

describe.runIf(hasToolchain(PYTHON3))("the bundle sync process (real Python)", () => {
  let scratch: string;
  const server = new BundleServer();
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), "skyport-sync-"));
    await server.start();
  });
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await server.stop();
    await fs.rm(scratch, { recursive: true, force: true });
  });

  it("installs the active bundle behind the current symlink, and an empty folder before any deploy", async () => {
    const root = path.join(scratch, "first");
    server.active = null;
    const before = runSync(root, server, ["--once"]);
    expect(await before.exited).toBe(0);
    expect(await tree(path.join(root, "current"))).toEqual({});

    const files = { "etl.py": "# etl\n", "lib/util.py": "X = 1\n" };
    server.active = server.add(await bundleOf(scratch, "first", files));
    const run = runSync(root, server, ["--once"]);
    expect(await run.exited).toBe(0);
    expect(await fs.readlink(path.join(root, "current"))).toBe(`bundles/${server.active}`);
    expect(await tree(path.join(root, "current"))).toEqual(files);
    expect(run.output()).toContain('"msg": "bundle installed"');
    expect(server.reports.at(-1)).toEqual({
      "x-skyport-component": "worker-default",
      "x-skyport-installed": server.active,
    });
    expect(run.output()).not.toContain(TOKEN);
    expect(await fs.readdir(path.join(root, "incoming"))).toEqual([]);
  });

  it("refuses a download whose SHA-256 differs and keeps the installed bundle", async () => {
    const root = path.join(scratch, "mismatch");
    const good = { "good.py": "# good\n" };
    server.active = server.add(await bundleOf(scratch, "good", good));
    expect(await runSync(root, server, ["--once"]).exited).toBe(0);

    const tampered = await bundleOf(scratch, "evil", { "evil.py": "import os\n" });
    const claimed = "0".repeat(64);
    server.active = server.add(tampered, claimed);
    const run = runSync(root, server, ["--once"]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`not ${claimed}: refused`);
    // Skyport hears which bundle this component cannot install, and why, so the deploy fails.
    expect(server.reports.at(-1)).toEqual({
      "x-skyport-component": "worker-default",
      "x-skyport-installed": sha256(await bundleOf(scratch, "good", good)),
      "x-skyport-failed": claimed,
      "x-skyport-error": `the download's SHA-256 is ${sha256(tampered)}, not ${claimed}: refused`,
    });
    expect(await tree(path.join(root, "current"))).toEqual(good);
    expect(await fs.readdir(path.join(root, "bundles"))).not.toContain(claimed);
    expect(await fs.readdir(path.join(root, "incoming"))).toEqual([]);
  });

  it("refuses bundles with paths outside the folder or links, writing nothing outside it", async () => {
    const root = path.join(scratch, "hostile");
    for (const entries of [
      [{ path: "../../escaped.py", content: "pwned" }],
      [{ path: "/tmp/skyport-absolute-escape.py", content: "pwned" }],
      [{ path: "passwd", type: "SymbolicLink" as const, linkpath: "/etc/passwd" }],
    ]) {
      server.active = server.add(craftTarball(entries));
      const run = runSync(root, server, ["--once"]);
      expect(await run.exited, run.output()).toBe(1);
      expect(run.output()).toMatch(/unsafe path|outside its folder|not a regular file/);
    }
    await expect(fs.access(path.join(scratch, "escaped.py"))).rejects.toThrow();
    await expect(fs.access("/tmp/skyport-absolute-escape.py")).rejects.toThrow();
    await expect(fs.access(path.join(root, "current"))).rejects.toThrow();
  });

  it("refuses a wrong credential", async () => {
    const root = path.join(scratch, "unauthorised");
    const run = runSync(root, server, ["--once"], "skb_someone_elses_token");
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain("HTTP 401");
  });

  it("swaps bundles atomically: a reader always sees one whole bundle, never a mix or a part", async () => {
    const root = path.join(scratch, "swap");
    const many = (tag: string) =>
      Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [`pkg${i % 4}/dag_${i}.py`, `# ${tag} ${i}\n`]),
      );
    const a = many("a");
    const b = many("b");
    const shaA = server.add(await bundleOf(scratch, "a", a));
    const shaB = server.add(await bundleOf(scratch, "b", b));
    let lookups = 0;
    server.choose = () => (Math.floor(lookups++ / 2) % 2 === 0 ? shaA : shaB);
    const loop = runSync(root, server, ["--interval", "0.02"]);
    children.push(loop.child);

    const seen = new Set<string>();
    let observations = 0;
    for (let attempt = 0; attempt < 20_000 && (seen.size < 2 || observations < 200); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      let resolved: string;
      try {
        resolved = await fs.realpath(path.join(root, "current"));
      } catch {
        continue; // not installed yet
      }
      let files: Record<string, string>;
      try {
        files = await tree(resolved);
      } catch {
        continue; // an old bundle collected after two swaps: gone, never partial
      }
      if (Object.keys(files).length === 0) continue;
      observations += 1;
      const whole = same(files, a) ? "a" : same(files, b) ? "b" : null;
      expect(whole, `a reader saw ${Object.keys(files).length} files that are neither bundle`).not.toBeNull();
      seen.add(whole as string);
    }
    loop.child.kill("SIGTERM");
    server.choose = null;
    expect(seen).toEqual(new Set(["a", "b"]));
    expect(observations).toBeGreaterThanOrEqual(200);
    expect(loop.output()).not.toContain(TOKEN);
  });
});

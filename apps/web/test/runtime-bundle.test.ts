// The runtime's bundle endpoint, driven by the real sync process (packages/dag-bundle/sync,
// Python) against the real REST handler served over HTTP: it installs the deployed bundle,
// follows a new deploy and a rollback, turns a ROLLING_OUT deploy ACTIVE, refuses a bundle whose
// bytes were altered in the object store, and a credential opens only its own deployment.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { deploymentBundleCredential, generateApiTokenSecret } from "@skyport/domain";
import { buildWorld, type World } from "@skyport/testing";
import { hasToolchain, PYTHON3 } from "@skyport/testing/toolchain";
import { Header } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET, POST, PUT } from "../app/api/v1/[[...path]]/route.ts";
import { createTestServices, serveRoutesWith } from "./support.ts";

const SCRIPT = fileURLToPath(
  new URL("../../../packages/dag-bundle/sync/skyport_bundle_sync.py", import.meta.url),
);
const services = await createTestServices();
serveRoutesWith(services);
const HANDLERS = { GET, POST, PUT } as const;

/** Skyport's REST handler behind a real HTTP listener, as the runtime reaches it. */
const server = http.createServer(async (req, res) => {
  const method = (req.method ?? "GET") as keyof typeof HANDLERS;
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === "string") headers.set(name, value);
  const body = method === "GET" ? undefined : (Readable.toWeb(req) as unknown as ReadableStream);
  const request = new Request(url, {
    method,
    headers,
    body,
    ...(body ? { duplex: "half" } : {}),
  } as RequestInit);
  const response = await HANDLERS[method](request, {
    params: Promise.resolve({ path: url.pathname.split("/").filter(Boolean).slice(2) }),
  });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});
let baseUrl = "";
let scratch = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), "skyport-runtime-bundle-"));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await fs.rm(scratch, { recursive: true, force: true });
});

function bundle(files: Record<string, string>): { bytes: Buffer; sha256: string } {
  const blocks: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    const content = Buffer.from(text);
    const header = Buffer.alloc(512);
    new Header({ path: name, mode: 0o644, size: content.length, mtime: new Date(0), type: "File" }).encode(
      header,
      0,
    );
    blocks.push(header, content, Buffer.alloc((512 - (content.length % 512)) % 512));
  }
  const bytes = gzipSync(Buffer.concat([...blocks, Buffer.alloc(1024)]));
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}

async function ownerToken(world: World): Promise<string> {
  const { secret, prefix, secretHash } = generateApiTokenSecret();
  await services.db.apiToken.create({
    data: {
      organizationId: world.organizationId,
      scope: "ORGANIZATION",
      role: "ORGANIZATION_OWNER",
      name: "runtime-test",
      prefix,
      secretHash,
    },
  });
  return secret;
}

/** Uploads and deploys through the REST API, as the CLI does. */
async function deployOverRest(world: World, token: string, files: Record<string, string>) {
  const { bytes, sha256 } = bundle(files);
  const base = `${baseUrl}/api/v1/organizations/${world.organizationId}/deployments/${world.deploymentId}`;
  const auth = { authorization: `Bearer ${token}` };
  const put = await fetch(`${base}/bundles/${sha256}`, {
    method: "PUT",
    headers: { ...auth, "content-type": "application/gzip" },
    body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
  });
  expect(put.status, await put.clone().text()).toBe(201);
  const made = await fetch(`${base}/deploys`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ bundleSha256: sha256 }),
  });
  expect(made.status).toBe(201);
  return { sha256, deploy: (await made.json()) as { id: string; number: number } };
}

/** One sync run as the scheduler's pod would (buildWorld's runtime also has a dag-processor and a triggerer). */
function runSync(root: string, token: string, component = "scheduler") {
  const child = spawn("python3", [SCRIPT, "--root", root, "--once"], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      SKYPORT_BUNDLE_URL: `${baseUrl}/api/v1/runtime/bundle`,
      SKYPORT_BUNDLE_TOKEN: token,
      SKYPORT_BUNDLE_COMPONENT: component,
    },
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise<{ code: number; output: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code: code ?? -1, output })),
  );
}

/** The other components' syncs install the current bundle too, each in a folder of its own. */
async function othersInstall(root: string, token: string): Promise<void> {
  for (const component of ["dag-processor", "triggerer"]) {
    const run = await runSync(`${root}-${component}`, token, component);
    expect(run.code, run.output).toBe(0);
  }
}

async function installed(root: string): Promise<Record<string, string>> {
  const current = path.join(root, "current");
  const files: Record<string, string> = {};
  for (const entry of await fs.readdir(current, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      files[path.relative(current, full)] = await fs.readFile(full, "utf8");
    }
  }
  return files;
}

/** A new world, an owner's API token in it, and its deployment's bundle credential (what the sync sends). */
async function deploymentWithCredential() {
  const world = await buildWorld(services.db);
  const token = await ownerToken(world);
  const credential = await deploymentBundleCredential(services.db, services.secrets, {
    organizationId: world.organizationId,
    deploymentId: world.deploymentId,
  });
  return { world, token, credential };
}

const python = hasToolchain(PYTHON3);

describe.runIf(python)("the runtime bundle endpoint with the real sync process", () => {
  it("installs each deploy and rollback, and marks the rolled-out deploy ACTIVE", async () => {
    const { world, token, credential } = await deploymentWithCredential();
    const root = path.join(scratch, "install");

    const empty = await runSync(root, credential);
    expect(empty.code, empty.output).toBe(0);
    expect(await installed(root)).toEqual({});

    const first = await deployOverRest(world, token, { "dags/etl.py": "v1\n" });
    const one = await runSync(root, credential);
    expect(one.code, one.output).toBe(0);
    expect(await installed(root)).toEqual({ "dags/etl.py": "v1\n" });
    expect(await fs.readlink(path.join(root, "current"))).toBe(`bundles/${first.sha256}`);
    // Installed on the scheduler only: still rolling out until every component has it.
    const partway = await services.db.deploy.findUniqueOrThrow({ where: { id: first.deploy.id } });
    expect(partway.status).toBe("ROLLING_OUT");
    await othersInstall(root, credential);
    const firstRow = await services.db.deploy.findUniqueOrThrow({ where: { id: first.deploy.id } });
    expect(firstRow.status).toBe("ACTIVE");

    await deployOverRest(world, token, { "dags/etl.py": "v2\n", "dags/new.py": "new\n" });
    expect((await runSync(root, credential)).code).toBe(0);
    expect(await installed(root)).toEqual({ "dags/etl.py": "v2\n", "dags/new.py": "new\n" });

    const rollback = await fetch(
      `${baseUrl}/api/v1/organizations/${world.organizationId}/deployments/${world.deploymentId}/deploys/1/rollback`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: "{}",
      },
    );
    expect(rollback.status).toBe(201);
    expect((await runSync(root, credential)).code).toBe(0);
    expect(await installed(root)).toEqual({ "dags/etl.py": "v1\n" });
    await othersInstall(root, credential);
    const statuses = await services.db.deploy.findMany({
      where: { deploymentId: world.deploymentId },
      orderBy: { number: "asc" },
      select: { number: true, status: true },
    });
    expect(statuses).toEqual([
      { number: 1, status: "SUPERSEDED" },
      { number: 2, status: "SUPERSEDED" },
      { number: 3, status: "ACTIVE" },
    ]);
  });

  it("takes one sync's report for several components (a local runtime's shared DAG folder)", async () => {
    const { world, token, credential } = await deploymentWithCredential();
    const { deploy } = await deployOverRest(world, token, { "dags/etl.py": "shared\n" });
    const run = await runSync(path.join(scratch, "shared"), credential, "scheduler, dag-processor,triggerer");
    expect(run.code, run.output).toBe(0);
    const reports = await services.db.bundleSyncReport.findMany({
      where: { deploymentId: world.deploymentId },
      select: { component: true },
      orderBy: { component: "asc" },
    });
    expect(reports.map((r) => r.component)).toEqual(["dag-processor", "scheduler", "triggerer"]);
    expect((await services.db.deploy.findUniqueOrThrow({ where: { id: deploy.id } })).status).toBe("ACTIVE");
  });

  it("refuses a bundle whose stored bytes were altered, keeping the installed one", async () => {
    const { world, token, credential } = await deploymentWithCredential();
    const root = path.join(scratch, "tamper");
    await deployOverRest(world, token, { "dags/a.py": "good\n" });
    expect((await runSync(root, credential)).code).toBe(0);

    const second = await deployOverRest(world, token, { "dags/a.py": "second\n" });
    const objects = fileURLToPath(services.config.SKYPORT_OBJECT_STORE_URL ?? "");
    const stored = path.join(objects, "bundles", world.deploymentId.toLowerCase(), `${second.sha256}.tar.gz`);
    const forged = bundle({ "dags/a.py": "evil\n" }).bytes;
    await fs.writeFile(stored, forged);
    const run = await runSync(root, credential);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/sha-?256/i);
    expect(await installed(root)).toEqual({ "dags/a.py": "good\n" });
    // The sync reported why it cannot install the bundle: the deploy failed with that cause.
    const failed = await services.db.deploy.findUniqueOrThrow({ where: { id: second.deploy.id } });
    expect(failed.status).toBe("FAILED");
    expect(failed.statusReason).toMatch(
      /^The runtime could not install the bundle \(scheduler: the download's SHA-256 is [0-9a-f]{64}, not [0-9a-f]{64}: refused\)\.$/,
    );
  });

  it("answers 401 to a wrong credential and 404 for another deployment's bundle", async () => {
    const world = await buildWorld(services.db);
    const other = await buildWorld(services.db);
    const { sha256 } = await deployOverRest(world, await ownerToken(world), { "dags/a.py": "mine\n" });
    const otherCredential = await deploymentBundleCredential(services.db, services.secrets, {
      organizationId: other.organizationId,
      deploymentId: other.deploymentId,
    });
    const stranger = await fetch(`${baseUrl}/api/v1/runtime/bundle/${sha256}`, {
      headers: { authorization: `Bearer ${otherCredential}` },
    });
    expect(stranger.status).toBe(404);
    const wrong = await fetch(`${baseUrl}/api/v1/runtime/bundle`, {
      headers: { authorization: `Bearer skpb_${"x".repeat(43)}` },
    });
    expect(wrong.status).toBe(401);
    const apiToken = await fetch(`${baseUrl}/api/v1/runtime/bundle`, {
      headers: { authorization: `Bearer ${await ownerToken(world)}` },
    });
    expect(apiToken.status).toBe(401);
    expect((await runSync(path.join(scratch, "wrong"), `skpb_${"y".repeat(43)}`)).code).toBe(1);
  });
});

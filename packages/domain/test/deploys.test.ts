// Deploys in the domain: bundle uploads streamed into a real object store and refused (no
// row, no object, no audit event) when damaged or unsafe; deploy history with numbers that
// serialize per deployment; rollback; roles and tenancy; the runtime's bundle credential; and
// garbage collection of bundles no deploy references.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import {
  authenticateBundleCredential,
  bundleObjectKey,
  ConflictError,
  collectUnusedBundles,
  createApiToken,
  createDeploy,
  createSecretBox,
  currentBundle,
  type DeployServices,
  deploymentBundleCredential,
  downloadBundle,
  ForbiddenError,
  failStalledDeploys,
  getBundle,
  getDeploy,
  listDeploys,
  NotFoundError,
  parseKeyring,
  reportBundleSync,
  rollbackDeploy,
  UnauthenticatedError,
  uploadBundle,
  ValidationError,
} from "@skyport/domain";
import { FileSystemObjectStore } from "@skyport/object-store";
import { buildWorld, type Persona, type World } from "@skyport/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { craftTarball } from "../../dag-bundle/test/craft.ts";
import { contextFor, personaDatabase, withAudit } from "./workspace-support.ts";

const { db, as } = await personaDatabase();
let scratch: string;
let services: DeployServices & { objectStore: FileSystemObjectStore };
const secrets = createSecretBox({ keyring: parseKeyring(`k1:${Buffer.alloc(32, 7).toString("base64")}`) });

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), "skyport-deploys-"));
  services = {
    objectStore: new FileSystemObjectStore(scratch),
    bundleLimits: { maxCompressedBytes: 64 * 1024, maxUncompressedBytes: 256 * 1024, maxFiles: 100 },
  };
});
afterAll(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function dags(files: Record<string, string>): Buffer {
  return craftTarball(Object.entries(files).map(([p, content]) => ({ path: p, content })));
}

async function upload(
  world: World,
  persona: Persona,
  tarball: Buffer,
  options: { sha?: string; size?: number } = {},
) {
  return uploadBundle(
    as(world, persona),
    {
      organizationId: world.organizationId,
      deploymentId: world.deploymentId,
      sha256: options.sha ?? sha256(tarball),
      sizeBytes: options.size ?? tarball.length,
      body: Readable.from([
        tarball.subarray(0, Math.floor(tarball.length / 2)),
        tarball.subarray(Math.floor(tarball.length / 2)),
      ]),
    },
    services,
  );
}

async function storedObjects(world: World): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of services.objectStore.list(`bundles/${world.deploymentId.toLowerCase()}/`))
    keys.push(info.key);
  return keys;
}

async function deploy(world: World, persona: Persona, tarball: Buffer, description?: string) {
  await upload(world, persona, tarball);
  return createDeploy(as(world, persona), {
    organizationId: world.organizationId,
    deploymentId: world.deploymentId,
    bundleSha256: sha256(tarball),
    ...(description ? { description } : {}),
    ci: { provider: "github", commit: "0123abcd", branch: "main" },
  });
}

describe("bundle uploads", () => {
  it("stores a bundle once, verified, with its manifest, and audits the upload", async () => {
    const world = await buildWorld(db);
    const tarball = dags({ "dags/etl.py": "print('etl')\n", "include/sql/a.sql": "select 1" });
    const first = await withAudit(db, [world.organizationId], () =>
      upload(world, "workspaceAuthor", tarball),
    );
    expect(first.error).toBeUndefined();
    expect(first.result?.created).toBe(true);
    expect(first.result?.bundle).toMatchObject({
      sha256: sha256(tarball),
      sizeBytes: tarball.length,
      fileCount: 2,
    });
    expect(first.events).toEqual([
      expect.objectContaining({
        action: "bundle.upload",
        metadata: { sha256: sha256(tarball), sizeBytes: tarball.length, fileCount: 2 },
      }),
    ]);
    const object = await services.objectStore.get(bundleObjectKey(world.deploymentId, sha256(tarball)));
    expect(object && (await buffer(object)).equals(tarball)).toBe(true);

    const again = await withAudit(db, [world.organizationId], () =>
      upload(world, "deploymentAdmin", tarball),
    );
    expect(again.result?.created).toBe(false);
    expect(again.events).toEqual([]);
    const details = await getBundle(as(world, "workspaceMember"), {
      organizationId: world.organizationId,
      deploymentId: world.deploymentId,
      sha256: sha256(tarball),
    });
    expect(details.files.map((file) => file.path)).toEqual(["dags/etl.py", "include/sql/a.sql"]);
  });

  const good = dags({ "dags/etl.py": "print('etl')\n" });
  const refusals: [string, () => { tarball: Buffer; sha?: string; size?: number }, string, RegExp][] = [
    ["a wrong SHA-256", () => ({ tarball: good, sha: "a".repeat(64) }), "sha256", /SHA-256 .* not a{64}/],
    [
      "a truncated body",
      () => ({ tarball: good.subarray(0, good.length - 10), sha: sha256(good), size: good.length }),
      "bundle",
      /cut short/,
    ],
    [
      "an oversize bundle",
      () => ({ tarball: Buffer.alloc(70 * 1024, 1) }),
      "bundle",
      /more than the 64 KiB allowed/,
    ],
    [
      "path traversal",
      () => ({ tarball: craftTarball([{ path: "../../etc/passwd", content: "root:x:0:0" }]) }),
      "bundle",
      /climbs out of the bundle/,
    ],
    [
      "an absolute path",
      () => ({ tarball: craftTarball([{ path: "/etc/passwd", content: "root:x:0:0" }]) }),
      "bundle",
      /absolute path/,
    ],
    [
      "a symlink",
      () => ({
        tarball: craftTarball([{ path: "dags/x.py", type: "SymbolicLink", linkpath: "/etc/passwd" }]),
      }),
      "bundle",
      /symbolic link/,
    ],
    [
      "not a tarball",
      () => ({ tarball: Buffer.from("hello, not gzip") }),
      "bundle",
      /not a readable tar\.gz/,
    ],
    [
      "an unpacking bomb",
      () => ({ tarball: craftTarball([{ path: "big.py", content: Buffer.alloc(300 * 1024, 0) }]) }),
      "bundle",
      /unpacks to more than/,
    ],
  ];
  for (const [name, make, field, message] of refusals) {
    it(`refuses ${name} with a ValidationError on ${field}, leaving no bundle, object or audit event`, async () => {
      const world = await buildWorld(db);
      const { tarball, sha, size } = make();
      const outcome = await withAudit(db, [world.organizationId], () =>
        upload(world, "workspaceAuthor", tarball, { ...(sha ? { sha } : {}), ...(size ? { size } : {}) }),
      );
      expect(outcome.error).toBeInstanceOf(ValidationError);
      expect((outcome.error as ValidationError).field).toBe(field);
      expect((outcome.error as Error).message).toMatch(message);
      expect(outcome.events).toEqual([]);
      expect(await db.dagBundle.count({ where: { deploymentId: world.deploymentId } })).toBe(0);
      expect(await storedObjects(world)).toEqual([]);
    });
  }

  it("lets only authors and deployment admins upload; other organizations get NOT_FOUND", async () => {
    const world = await buildWorld(db);
    const tarball = dags({ "dags/a.py": "a" });
    await expect(upload(world, "workspaceMember", tarball)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(upload(world, "organizationMember", tarball)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(upload(world, "outsider", tarball)).rejects.toBeInstanceOf(NotFoundError);
    expect(await storedObjects(world)).toEqual([]);
    await expect(upload(world, "workspaceOperator", tarball)).resolves.toMatchObject({ created: true });
  });
});

describe("deploys", () => {
  it("numbers deploys, supersedes the previous one, records who and CI metadata, and audits", async () => {
    const world = await buildWorld(db);
    const one = dags({ "dags/a.py": "a", "dags/b.py": "b" });
    const two = dags({ "dags/a.py": "a2", "dags/c.py": "c" });
    const first = await deploy(world, "workspaceAuthor", one, "first");
    expect(first).toMatchObject({
      number: 1,
      status: "ROLLING_OUT",
      kind: "DAG_BUNDLE",
      description: "first",
      ci: { provider: "github", commit: "0123abcd", branch: "main" },
      actor: { type: "user", id: world.users.workspaceAuthor.id, label: world.users.workspaceAuthor.email },
    });
    const second = await withAudit(db, [world.organizationId], () => deploy(world, "deploymentAdmin", two));
    expect(second.result).toMatchObject({ number: 2, status: "ROLLING_OUT", bundleSha256: sha256(two) });
    expect(second.events.map((event) => event.action)).toEqual(["bundle.upload", "deploy.create"]);
    expect(second.events[1]?.targets).toEqual([
      { type: "deployment", id: world.deploymentId, label: "etl" },
      { type: "deploy", id: second.result?.id, label: "deploy 2" },
    ]);

    const ref = { organizationId: world.organizationId, deploymentId: world.deploymentId };
    const page = await listDeploys(as(world, "workspaceMember"), ref);
    expect(page.items.map((item) => [item.number, item.status])).toEqual([
      [2, "ROLLING_OUT"],
      [1, "SUPERSEDED"],
    ]);
    const details = await getDeploy(as(world, "workspaceMember"), { ...ref, deployId: "2" });
    expect(details.diff).toMatchObject({
      previousDeploy: { number: 1 },
      added: ["dags/c.py"],
      removed: ["dags/b.py"],
      changed: ["dags/a.py"],
      unchanged: 0,
    });
    expect(details.bundle?.sha256).toBe(sha256(two));
    const firstDetails = await getDeploy(as(world, "deploymentAdmin"), { ...ref, deployId: first.id });
    expect(firstDetails.diff).toMatchObject({ previousDeploy: null, added: ["dags/a.py", "dags/b.py"] });
  });

  it("pages the history newest first", async () => {
    const world = await buildWorld(db);
    for (let i = 0; i < 3; i++) await deploy(world, "workspaceAuthor", dags({ "dags/a.py": `v${i}` }));
    const ref = { organizationId: world.organizationId, deploymentId: world.deploymentId };
    const first = await listDeploys(as(world, "workspaceMember"), { ...ref, limit: 2 });
    expect(first.items.map((item) => item.number)).toEqual([3, 2]);
    const rest = await listDeploys(as(world, "workspaceMember"), {
      ...ref,
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(rest.items.map((item) => item.number)).toEqual([1]);
    expect(rest.nextCursor).toBeNull();
  });

  it("serializes concurrent deploys of one deployment: consecutive numbers, one current deploy", async () => {
    const world = await buildWorld(db);
    const bundles = [dags({ "a.py": "1" }), dags({ "a.py": "2" }), dags({ "a.py": "3" })];
    for (const tarball of bundles) await upload(world, "workspaceAuthor", tarball);
    const results = await Promise.all(
      bundles.map((tarball) =>
        createDeploy(as(world, "workspaceAuthor"), {
          organizationId: world.organizationId,
          deploymentId: world.deploymentId,
          bundleSha256: sha256(tarball),
        }),
      ),
    );
    expect(results.map((r) => r.number).sort()).toEqual([1, 2, 3]);
    const rows = await db.deploy.findMany({
      where: { deploymentId: world.deploymentId },
      orderBy: { number: "asc" },
    });
    expect(rows.map((row) => row.status)).toEqual(["SUPERSEDED", "SUPERSEDED", "ROLLING_OUT"]);
    // In order: each deploy was created after the one numbered before it.
    for (let i = 1; i < rows.length; i++) {
      expect((rows[i]?.createdAt.getTime() ?? 0) >= (rows[i - 1]?.createdAt.getTime() ?? 0)).toBe(true);
    }
  });

  it("refuses a deploy of a bundle that was not uploaded, writing nothing", async () => {
    const world = await buildWorld(db);
    const outcome = await withAudit(db, [world.organizationId], () =>
      createDeploy(as(world, "workspaceAuthor"), {
        organizationId: world.organizationId,
        deploymentId: world.deploymentId,
        bundleSha256: "b".repeat(64),
      }),
    );
    expect(outcome.error).toBeInstanceOf(ValidationError);
    expect((outcome.error as ValidationError).field).toBe("bundleSha256");
    expect(outcome.events).toEqual([]);
    expect(await db.deploy.count({ where: { deploymentId: world.deploymentId } })).toBe(0);
  });

  it("rolls back to an earlier deploy as a new deploy, and refuses the current one", async () => {
    const world = await buildWorld(db);
    const one = dags({ "dags/a.py": "a" });
    const first = await deploy(world, "workspaceAuthor", one);
    await deploy(world, "workspaceAuthor", dags({ "dags/a.py": "broken" }));
    const ref = { organizationId: world.organizationId, deploymentId: world.deploymentId };
    const rolled = await withAudit(db, [world.organizationId], () =>
      rollbackDeploy(as(world, "deploymentAdmin"), { ...ref, deployId: "1" }),
    );
    expect(rolled.result).toMatchObject({
      number: 3,
      bundleSha256: sha256(one),
      rollbackOf: { id: first.id, number: 1 },
      description: "Rollback to deploy 1",
      status: "ROLLING_OUT",
    });
    expect(rolled.events).toEqual([
      expect.objectContaining({
        action: "deploy.rollback",
        metadata: expect.objectContaining({ rollbackOf: 1 }),
      }),
    ]);
    await expect(
      rollbackDeploy(as(world, "deploymentAdmin"), { ...ref, deployId: "3" }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      rollbackDeploy(as(world, "workspaceMember"), { ...ref, deployId: "2" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      rollbackDeploy(as(world, "deploymentAdmin"), { ...ref, deployId: "9" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lets a deployment API token with DEPLOYMENT_ADMIN deploy (CI), and names it as the actor", async () => {
    const world = await buildWorld(db);
    const minted = await createApiToken(as(world, "workspaceOperator"), {
      organizationId: world.organizationId,
      scope: "DEPLOYMENT",
      deploymentId: world.deploymentId,
      role: "DEPLOYMENT_ADMIN",
      name: "ci",
    });
    const { authenticateApiToken } = await import("@skyport/domain");
    const actor = await authenticateApiToken(db, minted.token);
    const tarball = dags({ "dags/ci.py": "ci" });
    const ctx = contextFor(db, actor);
    await uploadBundle(
      ctx,
      {
        organizationId: world.organizationId,
        deploymentId: world.deploymentId,
        sha256: sha256(tarball),
        sizeBytes: tarball.length,
        body: Readable.from([tarball]),
      },
      services,
    );
    const made = await createDeploy(ctx, {
      organizationId: world.organizationId,
      deploymentId: world.deploymentId,
      bundleSha256: sha256(tarball),
    });
    expect(made.actor).toEqual({ type: "apiToken", id: minted.apiToken.id, label: actor.label });
  });
});

describe("the runtime's bundle credential", () => {
  it("is minted once, sealed, and opens only its own deployment's bundles", async () => {
    const world = await buildWorld(db);
    const ref = { organizationId: world.organizationId, deploymentId: world.deploymentId };
    const secret = await deploymentBundleCredential(db, secrets, ref);
    expect(secret).toMatch(/^skpb_/);
    expect(await deploymentBundleCredential(db, secrets, ref)).toBe(secret);
    const row = await db.deploymentBundleCredential.findUniqueOrThrow({
      where: { deploymentId: world.deploymentId },
    });
    expect(Buffer.from(row.valueCiphertext).includes(Buffer.from(secret))).toBe(false);
    expect(row.secretHash).not.toContain(secret);

    const holder = await authenticateBundleCredential(db, secret);
    expect(holder).toEqual(ref);
    await expect(authenticateBundleCredential(db, `${secret.slice(0, -1)}x`)).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
    expect(await currentBundle(db, holder)).toBeNull();

    const tarball = dags({ "dags/a.py": "a" });
    const made = await deploy(world, "workspaceAuthor", tarball);
    expect(await currentBundle(db, holder)).toEqual({ sha256: sha256(tarball) });
    const download = await downloadBundle(db, services.objectStore, holder, sha256(tarball));
    expect((await buffer(download.body)).equals(tarball)).toBe(true);
    expect((await getDeploy(as(world, "workspaceMember"), { ...ref, deployId: made.id })).status).toBe(
      "ROLLING_OUT",
    );
    await installEverywhere(holder, sha256(tarball));
    const after = await getDeploy(as(world, "workspaceMember"), { ...ref, deployId: made.id });
    expect(after.status).toBe("ACTIVE");
    expect(after.activatedAt).not.toBeNull();

    // Another deployment's credential cannot read this bundle.
    const other = await buildWorld(db);
    const otherHolder = await authenticateBundleCredential(
      db,
      await deploymentBundleCredential(db, secrets, {
        organizationId: other.organizationId,
        deploymentId: other.deploymentId,
      }),
    );
    await expect(
      downloadBundle(db, services.objectStore, otherHolder, sha256(tarball)),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

/** The components of buildWorld's KubernetesExecutor deployment that always run. */
const COMPONENTS = ["scheduler", "dag-processor", "triggerer"];

async function installEverywhere(holder: { organizationId: string; deploymentId: string }, sha: string) {
  for (const component of COMPONENTS) await reportBundleSync(db, holder, { component, installed: sha });
}

async function rolloutWorld() {
  const world = await buildWorld(db);
  const ref = { organizationId: world.organizationId, deploymentId: world.deploymentId };
  const holder = await authenticateBundleCredential(db, await deploymentBundleCredential(db, secrets, ref));
  const read = (deployId: string) => getDeploy(as(world, "workspaceMember"), { ...ref, deployId });
  return { world, ref, holder, read };
}

describe("rollout outcome", () => {
  it("turns ACTIVE only once every component runs the bundle, showing which do meanwhile", async () => {
    const { world, holder, read } = await rolloutWorld();
    const tarball = dags({ "dags/a.py": "progress" });
    const made = await deploy(world, "workspaceAuthor", tarball);
    expect((await read(made.id)).progress).toEqual({
      expected: COMPONENTS,
      installed: [],
      waiting: COMPONENTS,
      failed: [],
    });

    await reportBundleSync(db, holder, { component: "scheduler", installed: sha256(tarball) });
    await reportBundleSync(db, holder, { component: "triggerer", installed: "f".repeat(64) });
    // A name this deployment has no component for does not count.
    await reportBundleSync(db, holder, { component: "worker-default", installed: sha256(tarball) });
    const partway = await read(made.id);
    expect(partway.status).toBe("ROLLING_OUT");
    expect(partway.progress).toMatchObject({
      installed: ["scheduler"],
      waiting: ["dag-processor", "triggerer"],
    });
    expect(await db.bundleSyncReport.count({ where: { deploymentId: world.deploymentId } })).toBe(2);

    await reportBundleSync(db, holder, { component: "dag-processor", installed: sha256(tarball) });
    expect((await read(made.id)).status).toBe("ROLLING_OUT");
    await reportBundleSync(db, holder, { component: "triggerer", installed: sha256(tarball) });
    const done = await read(made.id);
    expect(done.status).toBe("ACTIVE");
    expect(done.progress).toBeNull();
  });

  it("fails a deploy a component cannot install, with the cause, and gives the runtime the previous bundle back", async () => {
    const { world, holder, read } = await rolloutWorld();
    const good = dags({ "dags/a.py": "good" });
    const first = await deploy(world, "workspaceAuthor", good);
    await installEverywhere(holder, sha256(good));
    const bad = dags({ "dags/a.py": "bad" });
    const second = await deploy(world, "workspaceAuthor", bad);
    expect((await read(first.id)).status).toBe("SUPERSEDED");

    await reportBundleSync(db, holder, {
      component: "scheduler",
      installed: sha256(good),
      failed: { sha256: sha256(bad), error: "the bundle could not be unpacked:\nunexpected end of data" },
    });
    const failed = await read(second.id);
    expect(failed.status).toBe("FAILED");
    expect(failed.statusReason).toBe(
      "The runtime could not install the bundle (scheduler: the bundle could not be unpacked: unexpected end of data).",
    );
    expect(failed.endedAt).not.toBeNull();
    const restored = await read(first.id);
    expect(restored.status).toBe("ACTIVE");
    expect(restored.statusReason).toBe(`Active again: deploy ${second.number} failed.`);
    expect(await currentBundle(db, holder)).toEqual({ sha256: sha256(good) });
  });

  it("fails a deploy not installed within the timeout, naming the components that did not report", async () => {
    const { world, holder, read } = await rolloutWorld();
    const tarball = dags({ "dags/a.py": "slow" });
    const made = await deploy(world, "workspaceAuthor", tarball);
    await reportBundleSync(db, holder, { component: "dag-processor", installed: sha256(tarball) });

    const early = await failStalledDeploys(db, { timeoutMs: 60_000 });
    expect(early.failed.filter((f) => f.deploymentId === world.deploymentId)).toEqual([]);
    expect((await read(made.id)).status).toBe("ROLLING_OUT");

    const late = await failStalledDeploys(db, { timeoutMs: 60_000, now: new Date(Date.now() + 120_000) });
    expect(late.failed.filter((f) => f.deploymentId === world.deploymentId)).toEqual([
      { deploymentId: world.deploymentId, number: made.number },
    ]);
    const failed = await read(made.id);
    expect(failed.status).toBe("FAILED");
    expect(failed.statusReason).toBe(
      "Not installed within 1 minute: no report of the bundle from scheduler, triggerer (installed on dag-processor). Is the deployment running, and can its pods reach Skyport?",
    );
    // No earlier deploy ran: nothing to give back, so the runtime has no bundle to install.
    expect(await currentBundle(db, holder)).toBeNull();
  });

  it("can be rolled back from after a failure", async () => {
    const { world, ref, holder, read } = await rolloutWorld();
    const good = dags({ "dags/a.py": "v1" });
    const first = await deploy(world, "workspaceAuthor", good);
    await installEverywhere(holder, sha256(good));
    const second = await deploy(world, "workspaceAuthor", dags({ "dags/a.py": "v2" }));
    await failStalledDeploys(db, { timeoutMs: 60_000, now: new Date(Date.now() + 120_000) });
    expect((await read(second.id)).status).toBe("FAILED");
    await expect(
      rollbackDeploy(as(world, "workspaceAuthor"), { ...ref, deployId: String(second.number) }),
    ).rejects.toThrow(/never succeeded/);
    await expect(
      rollbackDeploy(as(world, "workspaceAuthor"), { ...ref, deployId: String(first.number) }),
    ).rejects.toThrow(/already the current deploy/);
  });
});

describe("bundle garbage collection", () => {
  it("removes unreferenced bundles past the retention window, rows and objects, and keeps deployed ones", async () => {
    const world = await buildWorld(db);
    const deployed = dags({ "dags/a.py": "deployed" });
    const unused = dags({ "dags/a.py": "never deployed" });
    await deploy(world, "workspaceAuthor", deployed);
    await upload(world, "workspaceAuthor", unused);

    const early = await collectUnusedBundles(db, services.objectStore, { retentionMs: 60_000 });
    expect(early.removed.filter((r) => r.deploymentId === world.deploymentId)).toEqual([]);

    const later = await collectUnusedBundles(db, services.objectStore, {
      retentionMs: 60_000,
      now: new Date(Date.now() + 120_000),
    });
    expect(later.removed.filter((r) => r.deploymentId === world.deploymentId)).toEqual([
      { deploymentId: world.deploymentId, sha256: sha256(unused) },
    ]);
    expect(await storedObjects(world)).toEqual([bundleObjectKey(world.deploymentId, sha256(deployed))]);
    expect(
      (await db.dagBundle.findMany({ where: { deploymentId: world.deploymentId } })).map((b) => b.sha256),
    ).toEqual([sha256(deployed)]);
  });
});

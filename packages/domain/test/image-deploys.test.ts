// Image deploys in the domain: a validated image reference built for the deployment's runtime
// becomes a ROLLING_OUT deploy (its own kind: the current DAG bundle stays) and asks the worker to
// roll it out; the reconcile's outcome settles it (ACTIVE, or FAILED with the reason and the
// previous image back); rollback restores an earlier image; the registry credential is sealed,
// write-only through every read, and opened only for the runtime's imagePullSecret.
import {
  createImageDeploy,
  createImageDeployInput,
  createSecretBox,
  deleteRegistryCredential,
  ForbiddenError,
  getDeploy,
  getRegistryCredential,
  listDeploys,
  parseKeyring,
  rollbackDeploy,
  runtimeImage,
  setRegistryCredential,
  setRegistryCredentialInput,
  settleImageRollout,
  ValidationError,
} from "@skyport/domain";
import type { JobProducer } from "@skyport/queue";
import { buildWorld, type World } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { freshProducer } from "./job-queues.ts";
import { personaDatabase, withAudit } from "./workspace-support.ts";

const { db, as } = await personaDatabase();
const secrets = createSecretBox({ keyring: parseKeyring(`k1:${Buffer.alloc(32, 9).toString("base64")}`) });
const IMAGE = "ghcr.io/acme/airflow:2026.12.05";
const PASSWORD = "ghp_registry_token_never_returned";

function refOf(world: World) {
  return { organizationId: world.organizationId, deploymentId: world.deploymentId };
}

async function reconcileJobs(producer: JobProducer) {
  const found = await producer.queue("provisioning").getJobs(["waiting", "delayed", "prioritized"]);
  return found.map((job) => job.data as { deploymentId: string; reason: string; trigger?: string });
}

async function imageDeploy(world: World, image = IMAGE, producer = freshProducer()) {
  return createImageDeploy(
    as(world, "workspaceAuthor"),
    createImageDeployInput.parse({
      ...refOf(world),
      image,
      runtimeVersion: "3.3.1",
      description: "new image",
    }),
    { jobs: producer },
  );
}

/** What the entry points do with a registry credential request before calling the domain. */
const credentialInput = (world: World, fields: { registry: string; username: string; password: string }) =>
  setRegistryCredentialInput.parse({ ...refOf(world), ...fields });

describe("image deploys", () => {
  it("records a ROLLING_OUT image deploy, audits it and asks the worker to roll it out", async () => {
    const world = await buildWorld(db);
    const producer = freshProducer();
    const made = await withAudit(db, [world.organizationId], () => imageDeploy(world, IMAGE, producer));
    expect(made.error).toBeUndefined();
    expect(made.result).toMatchObject({
      number: 1,
      kind: "IMAGE",
      image: IMAGE,
      runtimeVersion: "3.3.1",
      bundleSha256: null,
      status: "ROLLING_OUT",
      progress: null,
    });
    expect(made.events).toEqual([
      expect.objectContaining({
        action: "deploy.create",
        metadata: expect.objectContaining({ kind: "IMAGE", image: IMAGE, number: 1 }),
      }),
    ]);
    expect(await reconcileJobs(producer)).toEqual([
      expect.objectContaining({
        deploymentId: world.deploymentId,
        reason: "update",
        trigger: expect.stringMatching(/^deploy-/),
      }),
    ]);
    expect(await runtimeImage(db, secrets, world.deploymentId)).toEqual({
      reference: IMAGE,
      pullSecret: null,
    });
  });

  it.each([
    ["Acme/Airflow:1", /repository name must be lowercase/],
    ["acme/airflow", /must name a tag or a digest/],
    ["acme/airflow:tag with spaces", /not an image reference/],
    ["acme/airflow@sha256:123", /not an image reference/],
  ])("refuses the image reference %s, naming the field", (image, message) => {
    const parsed = createImageDeployInput.safeParse({
      organizationId: "org",
      deploymentId: "dep",
      image,
      runtimeVersion: "3.3.1",
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({ path: ["image"], message: expect.stringMatching(message) }),
    ]);
  });

  it("refuses an image built for another Airflow version than the deployment runs", async () => {
    const world = await buildWorld(db);
    const outcome = await withAudit(db, [world.organizationId], () =>
      createImageDeploy(
        as(world, "workspaceAuthor"),
        { ...refOf(world), image: IMAGE, runtimeVersion: "2.11.0" },
        { jobs: freshProducer() },
      ),
    );
    expect(outcome.error).toBeInstanceOf(ValidationError);
    expect(outcome.error).toMatchObject({ field: "runtimeVersion" });
    expect((outcome.error as Error).message).toContain(
      "the image is built for Airflow 2.11.0, but deployment “etl” runs Airflow 3.3.1",
    );
    expect(outcome.events).toEqual([]);
    expect(await db.deploy.count({ where: { deploymentId: world.deploymentId } })).toBe(0);
  });

  it("is refused to a workspace member, who may read the history", async () => {
    const world = await buildWorld(db);
    await expect(
      createImageDeploy(
        as(world, "workspaceMember"),
        { ...refOf(world), image: IMAGE, runtimeVersion: "3.3.1" },
        { jobs: freshProducer() },
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await imageDeploy(world);
    const page = await listDeploys(as(world, "workspaceMember"), { ...refOf(world) });
    expect(page.items.map((d) => d.image)).toEqual([IMAGE]);
  });

  it("turns ACTIVE when the runtime is ready on it; a failed one hands the runtime back the previous image", async () => {
    const world = await buildWorld(db);
    const first = await imageDeploy(world, "ghcr.io/acme/airflow:1");
    await settleImageRollout(db, world.deploymentId, {
      image: "ghcr.io/acme/airflow:1",
      ready: true,
      reason: "Ready",
    });
    const read = (id: string) => getDeploy(as(world, "workspaceMember"), { ...refOf(world), deployId: id });
    expect(await read(first.id)).toMatchObject({ status: "ACTIVE", statusReason: "" });

    const second = await imageDeploy(world, "ghcr.io/acme/airflow:2");
    expect((await read(first.id)).status).toBe("SUPERSEDED");
    await settleImageRollout(db, world.deploymentId, {
      image: "ghcr.io/acme/airflow:2",
      ready: false,
      reason: "scheduler: ImagePullBackOff (pull access denied)",
    });
    expect(await read(second.id)).toMatchObject({
      status: "FAILED",
      statusReason:
        "The runtime did not become ready on the image: scheduler: ImagePullBackOff (pull access denied)",
    });
    expect(await read(first.id)).toMatchObject({ status: "ACTIVE" });
    expect((await runtimeImage(db, secrets, world.deploymentId))?.reference).toBe("ghcr.io/acme/airflow:1");
  });

  it("rolls back to an earlier image as a new image deploy, rolled out by the worker", async () => {
    const world = await buildWorld(db);
    await imageDeploy(world, "ghcr.io/acme/airflow:1");
    await settleImageRollout(db, world.deploymentId, {
      image: "ghcr.io/acme/airflow:1",
      ready: true,
      reason: "",
    });
    await imageDeploy(world, "ghcr.io/acme/airflow:2");
    const producer = freshProducer();
    const back = await rollbackDeploy(
      as(world, "workspaceAuthor"),
      { ...refOf(world), deployId: "1" },
      { jobs: producer },
    );
    expect(back).toMatchObject({
      number: 3,
      kind: "IMAGE",
      image: "ghcr.io/acme/airflow:1",
      rollbackOf: { number: 1 },
    });
    expect(await reconcileJobs(producer)).toHaveLength(1);
    expect((await runtimeImage(db, secrets, world.deploymentId))?.reference).toBe("ghcr.io/acme/airflow:1");

    // After a runtime upgrade, an image built for the old runtime cannot come back.
    const deployment = await db.deployment.findUniqueOrThrow({ where: { id: world.deploymentId } });
    await db.deployment.update({
      where: { id: world.deploymentId },
      data: { spec: { ...(deployment.spec as object), runtimeVersion: "3.2.1" } },
    });
    await expect(
      rollbackDeploy(as(world, "workspaceAuthor"), { ...refOf(world), deployId: "2" }, { jobs: producer }),
    ).rejects.toThrow(
      "deploy 2's image is built for Airflow 3.3.1, but the deployment now runs Airflow 3.2.1",
    );
  });
});

describe("registry credential", () => {
  it("is stored sealed, never returned or audited with its password, and opened only for the runtime", async () => {
    const world = await buildWorld(db);
    const set = await withAudit(db, [world.organizationId], () =>
      setRegistryCredential(
        as(world, "workspaceAuthor"),
        credentialInput(world, { registry: "GHCR.io", username: "acme-ci", password: PASSWORD }),
        secrets,
      ),
    );
    expect(set.result).toEqual({
      credential: {
        registry: "ghcr.io",
        username: "acme-ci",
        createdAt: expect.any(Date),
        updatedAt: expect.any(Date),
      },
    });
    expect(set.events).toEqual([
      expect.objectContaining({
        action: "deploy.registryCredential.create",
        metadata: { registry: "ghcr.io", username: "acme-ci" },
      }),
    ]);
    expect(JSON.stringify(set)).not.toContain(PASSWORD);
    const row = await db.deploymentRegistryCredential.findUniqueOrThrow({
      where: { deploymentId: world.deploymentId },
    });
    expect(Buffer.from(row.passwordCiphertext).includes(Buffer.from(PASSWORD))).toBe(false);

    const read = await getRegistryCredential(as(world, "workspaceMember"), refOf(world));
    expect(read.credential).toMatchObject({ registry: "ghcr.io", username: "acme-ci" });
    expect(JSON.stringify(read)).not.toContain(PASSWORD);

    await imageDeploy(world);
    expect(await runtimeImage(db, secrets, world.deploymentId)).toEqual({
      reference: IMAGE,
      pullSecret: { registry: "ghcr.io", username: "acme-ci", password: PASSWORD },
    });

    const replaced = await withAudit(db, [world.organizationId], () =>
      setRegistryCredential(
        as(world, "workspaceAuthor"),
        { ...refOf(world), registry: "ghcr.io", username: "acme-ci", password: "second" },
        secrets,
      ),
    );
    expect(replaced.events.map((e) => e.action)).toEqual(["deploy.registryCredential.update"]);
    expect((await runtimeImage(db, secrets, world.deploymentId))?.pullSecret?.password).toBe("second");

    await expect(
      setRegistryCredential(
        as(world, "workspaceMember"),
        { ...refOf(world), registry: "ghcr.io", username: "x", password: "y" },
        secrets,
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await deleteRegistryCredential(as(world, "workspaceAuthor"), refOf(world))).toEqual({
      credential: null,
    });
    expect((await getRegistryCredential(as(world, "workspaceMember"), refOf(world))).credential).toBeNull();
    expect((await runtimeImage(db, secrets, world.deploymentId))?.pullSecret).toBeNull();
  });

  it("refuses a registry that is not a host, naming the field", () => {
    const parsed = setRegistryCredentialInput.safeParse({
      organizationId: "org",
      deploymentId: "dep",
      registry: "https://ghcr.io/acme",
      username: "u",
      password: "p",
    });
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({
        path: ["registry"],
        message: expect.stringContaining("registry must be a registry host"),
      }),
    ]);
  });
});

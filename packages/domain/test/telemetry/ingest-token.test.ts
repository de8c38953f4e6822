// Ingest tokens: one per deployment from its creation, stored only hashed, rotated by
// deployment admins and workspace operators (audited, never logged), and the provider's
// transport configuration built from one.
import {
  authenticateIngestToken,
  createDeployment,
  createSecretBox,
  deploymentIngestToken,
  ForbiddenError,
  getIngestToken,
  hashIngestToken,
  INGEST_TOKEN_CACHE_TTL_MS,
  IngestTokenCache,
  ingestTokenCache,
  openLineageTransportConfig,
  parseKeyring,
  rotateIngestToken,
  rotateOrganizationDataKey,
  UnauthenticatedError,
} from "@skyport/domain";
import { jobs } from "@skyport/queue";
import { newDeployment, type Persona, worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { freshProducer } from "../job-queues.ts";
import { TEST_KEK } from "../provisioning/support.ts";

const { db, world } = await worldOnTestDatabase();
const { organizationId, deploymentId } = world;
const keyring = parseKeyring(TEST_KEK);
const secrets = createSecretBox({ keyring });
const producer = freshProducer();
const services = { secrets, jobs: producer };
const as = (persona: Persona) => ({
  db,
  actor: world.actor(persona),
  context: { ip: "198.51.100.9", userAgent: "vitest", requestId: "req-ingest-token" },
});

/** A deployment made the way callers make one (createDeployment gives it its first token). */
async function created(name: string) {
  const { deployment } = await createDeployment(
    as("organizationOwner"),
    {
      organizationId,
      workspaceId: world.workspaceId,
      name,
      spec: { runtimeVersion: "3.3.1", executor: "CELERY" },
    },
    { jobs: { enqueue: async () => "job" }, baseDomain: "skyport.localhost" },
  );
  return deployment;
}

describe("ingest tokens", () => {
  it("are created with a deployment, as a hash only", async () => {
    const deployment = await created("with-token");
    const row = await db.ingestToken.findUniqueOrThrow({ where: { deploymentId: deployment.id } });
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.prefix).toMatch(/^skl_[A-Za-z0-9_-]{8}$/);
  });

  it("rotate: the new token works at once, the previous one stops, and only its hash is stored", async () => {
    const first = await rotateIngestToken(as("deploymentAdmin"), { organizationId, deploymentId }, services);
    expect(first.token).toMatch(/^skl_[A-Za-z0-9_-]{43}$/);
    expect(await authenticateIngestToken(db, first.token)).toEqual({ organizationId, deploymentId });
    const second = await rotateIngestToken(
      as("workspaceOperator"),
      { organizationId, deploymentId },
      services,
    );
    await expect(authenticateIngestToken(db, first.token)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(await authenticateIngestToken(db, second.token)).toEqual({ organizationId, deploymentId });
    const row = await db.ingestToken.findUniqueOrThrow({ where: { deploymentId } });
    expect(row.secretHash).toBe(hashIngestToken(second.token));
    expect(JSON.stringify(row)).not.toContain(second.token);
    expect(second.ingestToken).toEqual({
      deploymentId,
      prefix: second.token.slice(0, 12),
      createdAt: row.createdAt,
      rotatedAt: row.rotatedAt,
      lastUsedAt: null,
    });
  });

  it("cached: a rotated token stays accepted for at most the cache's TTL, then is refused; refusals are not cached", async () => {
    const ref = await newDeployment(db, world, "cached-token");
    const cache = new IngestTokenCache();
    expect(cache.ttlMs).toBe(INGEST_TOKEN_CACHE_TTL_MS);
    const t0 = new Date();
    const at = (ms: number) => new Date(t0.getTime() + ms);
    // A refusal is not remembered: the token accepted right after it was issued.
    const unknown = `skl_${"c".repeat(43)}`;
    await expect(authenticateIngestToken(db, unknown, t0, cache)).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
    const first = await rotateIngestToken(as("workspaceOperator"), ref, services);
    expect(await authenticateIngestToken(db, first.token, t0, cache)).toEqual(ref);
    const second = await rotateIngestToken(as("workspaceOperator"), ref, services);
    // Within the TTL this process still accepts the rotated-away token (the documented staleness) …
    expect(await authenticateIngestToken(db, first.token, at(INGEST_TOKEN_CACHE_TTL_MS - 1), cache)).toEqual(
      ref,
    );
    // … and from the TTL on it reads the token again and refuses it.
    await expect(
      authenticateIngestToken(db, first.token, at(INGEST_TOKEN_CACHE_TTL_MS), cache),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
    // A process that never accepted the old token refuses it at once.
    await expect(
      authenticateIngestToken(db, first.token, at(1), new IngestTokenCache()),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(await authenticateIngestToken(db, second.token, at(INGEST_TOKEN_CACHE_TTL_MS), cache)).toEqual(
      ref,
    );
  });

  it("cached: a rotation in this process is refused at once by this process's cache", async () => {
    const ref = await newDeployment(db, world, "cached-here");
    const now = new Date();
    const { token } = await rotateIngestToken(as("workspaceOperator"), ref, services);
    expect(await authenticateIngestToken(db, token, now, ingestTokenCache)).toEqual(ref);
    await rotateIngestToken(as("workspaceOperator"), ref, services);
    await expect(authenticateIngestToken(db, token, now, ingestTokenCache)).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
  });

  it("cached: a deleted deployment's token is refused once the TTL has passed", async () => {
    const ref = await newDeployment(db, world, "cached-deleted");
    const cache = new IngestTokenCache({ ttlMs: 1_000 });
    const t0 = new Date();
    const { token } = await rotateIngestToken(as("workspaceOperator"), ref, services);
    expect(await authenticateIngestToken(db, token, t0, cache)).toEqual(ref);
    await db.deployment.update({
      where: { id: ref.deploymentId },
      data: { deletedAt: new Date(), status: "DELETED" },
    });
    await expect(
      authenticateIngestToken(db, token, new Date(t0.getTime() + 1_000), cache),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("rotate is audited without the token", async () => {
    const { token } = await rotateIngestToken(
      as("organizationOwner"),
      { organizationId, deploymentId },
      services,
    );
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { organizationId, action: "deployment.ingestToken.rotate" },
      orderBy: { sequence: "desc" },
    });
    expect(audit.targets).toEqual([{ type: "deployment", id: deploymentId, label: "etl" }]);
    expect(JSON.stringify(audit)).not.toContain(token);
    expect(JSON.stringify(audit)).not.toContain(hashIngestToken(token));
  });

  it("rotate needs WORKSPACE_OPERATOR or DEPLOYMENT_ADMIN, and writes nothing otherwise", async () => {
    const before = await db.ingestToken.findUniqueOrThrow({ where: { deploymentId } });
    for (const persona of ["workspaceMember", "workspaceAuthor"] as const) {
      await expect(
        rotateIngestToken(as(persona), { organizationId, deploymentId }, services),
      ).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await db.ingestToken.findUniqueOrThrow({ where: { deploymentId } })).toEqual(before);
  });

  it("shows workspace members the token's prefix and times, never the token; null before the first one", async () => {
    const ref = await newDeployment(db, world, "pre-telemetry");
    expect(await getIngestToken(as("workspaceMember"), ref)).toEqual({
      ingestToken: null,
      derivation: { retryingRuns: 0, parkedRuns: 0 },
    });
    const { token } = await rotateIngestToken(as("workspaceOperator"), ref, services);
    const shown = await getIngestToken(as("workspaceMember"), ref);
    expect(shown.ingestToken?.prefix).toBe(token.slice(0, 12));
    expect(JSON.stringify(shown)).not.toContain(token);
    await expect(getIngestToken(as("organizationMember"), ref)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("an API token is not an ingest token", async () => {
    await expect(authenticateIngestToken(db, `skp_${"a".repeat(43)}`)).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
  });

  it("builds the provider's http transport with the token, gzip and a join-safe URL", () => {
    const token = `skl_${"b".repeat(43)}`;
    const config = JSON.parse(
      openLineageTransportConfig({ publicUrl: "https://skyport.example.com/tenant", token }),
    );
    expect(config).toEqual({
      type: "http",
      url: "https://skyport.example.com/tenant/",
      endpoint: "api/v1/lineage",
      auth: { type: "api_key", apiKey: token },
      compression: "gzip",
    });
    expect(() => openLineageTransportConfig({ publicUrl: "https://x", token: "skp_nope" })).toThrow(
      TypeError,
    );
  });

  it("rotate seals the new token for provisioning and asks for a reconcile that delivers it", async () => {
    const ref = await newDeployment(db, world, "sealed");
    const reconciles = async () =>
      (await producer.queue("provisioning").getJobs(["waiting", "delayed", "prioritized"])).filter(
        (job) => job.name === jobs.deploymentReconcile.name && job.data.deploymentId === ref.deploymentId,
      );
    const { token } = await rotateIngestToken(as("workspaceOperator"), ref, services);
    expect(await deploymentIngestToken(db, secrets, ref)).toBe(token);
    const row = await db.ingestToken.findUniqueOrThrow({ where: { deploymentId: ref.deploymentId } });
    expect(row.valueCiphertext).not.toBeNull();
    expect(Buffer.from(row.valueCiphertext ?? new Uint8Array()).toString("latin1")).not.toContain(token);
    const first = await reconciles();
    expect(first).toHaveLength(1);
    expect(first[0]?.data).toMatchObject({ deploymentId: ref.deploymentId, reason: "update" });
    expect(String(first[0]?.data.trigger)).toMatch(/^ingest-token-/);
    // A second rotation: a new sealed value (new version), another reconcile, the old token refused.
    const second = await rotateIngestToken(as("workspaceOperator"), ref, services);
    expect(await deploymentIngestToken(db, secrets, ref)).toBe(second.token);
    expect((await db.ingestToken.findUniqueOrThrow({ where: { id: row.id } })).valueVersion).toBe(
      row.valueVersion + 1,
    );
    await expect(authenticateIngestToken(db, token)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(await reconciles()).toHaveLength(2);
  });

  it("provisioning replaces a token nobody knows (never sealed) with a sealed one, once", async () => {
    const deployment = await created("unsealed");
    const ref = { organizationId, deploymentId: deployment.id };
    const before = await db.ingestToken.findUniqueOrThrow({ where: { deploymentId: deployment.id } });
    expect(before.valueCiphertext).toBeNull();
    const delivered = await deploymentIngestToken(db, secrets, ref);
    expect(await authenticateIngestToken(db, delivered)).toEqual(ref);
    // Concurrent and repeated reads agree on one token.
    const again = await Promise.all([1, 2, 3].map(() => deploymentIngestToken(db, secrets, ref)));
    expect(again).toEqual([delivered, delivered, delivered]);
    const after = await db.ingestToken.findUniqueOrThrow({ where: { deploymentId: deployment.id } });
    expect(after.secretHash).toBe(hashIngestToken(delivered));
    expect(after.rotatedAt).toBeNull();
  });

  it("data-key rotation re-encrypts the sealed token, which still opens to the same value", async () => {
    const ref = await newDeployment(db, world, "rekeyed");
    const { token } = await rotateIngestToken(as("workspaceOperator"), ref, services);
    const sealed = await db.ingestToken.findUniqueOrThrow({ where: { deploymentId: ref.deploymentId } });
    await rotateOrganizationDataKey({ db, keyring, organizationId });
    const resealed = await db.ingestToken.findUniqueOrThrow({ where: { deploymentId: ref.deploymentId } });
    expect(
      Buffer.from(resealed.valueCiphertext ?? []).equals(Buffer.from(sealed.valueCiphertext ?? [])),
    ).toBe(false);
    expect(await deploymentIngestToken(db, secrets, ref)).toBe(token);
  });
});

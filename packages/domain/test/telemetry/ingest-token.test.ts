// Ingest tokens: one per deployment from its creation, stored only hashed, rotated by
// deployment admins and workspace operators (audited, never logged), and the provider's
// transport configuration built from one.
import {
  authenticateIngestToken,
  createDeployment,
  ForbiddenError,
  getIngestToken,
  hashIngestToken,
  openLineageTransportConfig,
  rotateIngestToken,
  UnauthenticatedError,
} from "@skyport/domain";
import { buildWorld, createTestDatabase, newDeployment, type Persona } from "@skyport/testing";
import { describe, expect, it } from "vitest";

const { db } = await createTestDatabase();
const world = await buildWorld(db);
const { organizationId, deploymentId } = world;
const as = (persona: Persona) => ({
  db,
  actor: world.actor(persona),
  context: { ip: "198.51.100.9", userAgent: "vitest", requestId: "req-ingest-token" },
});

describe("ingest tokens", () => {
  it("are created with a deployment, as a hash only", async () => {
    const queue = { jobs: { enqueue: async () => "job" } };
    const { deployment } = await createDeployment(
      as("organizationOwner"),
      {
        organizationId,
        workspaceId: world.workspaceId,
        name: "with-token",
        spec: { runtimeVersion: "3.3.1", executor: "CELERY" },
      },
      { ...queue, baseDomain: "skyport.localhost" },
    );
    const row = await db.ingestToken.findUniqueOrThrow({ where: { deploymentId: deployment.id } });
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.prefix).toMatch(/^skl_[A-Za-z0-9_-]{8}$/);
  });

  it("rotate: the new token works at once, the previous one stops, and only its hash is stored", async () => {
    const first = await rotateIngestToken(as("deploymentAdmin"), { organizationId, deploymentId });
    expect(first.token).toMatch(/^skl_[A-Za-z0-9_-]{43}$/);
    expect(await authenticateIngestToken(db, first.token)).toEqual({ organizationId, deploymentId });
    const second = await rotateIngestToken(as("workspaceOperator"), { organizationId, deploymentId });
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

  it("rotate is audited without the token", async () => {
    const { token } = await rotateIngestToken(as("organizationOwner"), { organizationId, deploymentId });
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
      await expect(rotateIngestToken(as(persona), { organizationId, deploymentId })).rejects.toBeInstanceOf(
        ForbiddenError,
      );
    }
    expect(await db.ingestToken.findUniqueOrThrow({ where: { deploymentId } })).toEqual(before);
  });

  it("shows workspace members the token's prefix and times, never the token; null before the first one", async () => {
    const ref = await newDeployment(db, world, "pre-telemetry");
    expect(await getIngestToken(as("workspaceMember"), ref)).toEqual({ ingestToken: null });
    const { token } = await rotateIngestToken(as("workspaceOperator"), ref);
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
});

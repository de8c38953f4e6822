import { createHash } from "node:crypto";
import {
  type Actor,
  API_TOKEN_CACHE_TTL_MS,
  apiTokenCache,
  authenticateApiToken,
  authorize,
  ConflictError,
  createApiTokenCache,
  createApiTokenInput,
  createApiToken as createApiTokenOperation,
  creatorMayGrant,
  ForbiddenError,
  listApiTokens,
  looksLikeApiToken,
  type MutationContext,
  NotFoundError,
  revokeApiToken,
  strongestGrantableRole,
  UnauthenticatedError,
  ValidationError,
} from "@skyport/domain";
import { type Persona, worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { throughContract } from "./contract.ts";

const createApiToken = throughContract(createApiTokenInput, createApiTokenOperation);

const { db, world } = await worldOnTestDatabase();
const { organizationId, workspaceId, deploymentId } = world;

function as(actor: Actor): MutationContext {
  return { db, actor, context: { ip: "198.51.100.4", userAgent: "vitest", requestId: "req-tokens" } };
}
const persona = (p: Persona) => as(world.actor(p));

async function counts() {
  return {
    tokens: await db.apiToken.count(),
    events: await db.auditEvent.count({ where: { organizationId } }),
  };
}

/** Asserts the call fails with the given error class (and field), and writes nothing. */
async function expectRefused(
  call: () => Promise<unknown>,
  kind: typeof ValidationError | typeof ForbiddenError | typeof NotFoundError | typeof ConflictError,
  field?: string,
) {
  const before = await counts();
  const error = await call().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(kind);
  if (field) expect((error as ValidationError).field).toBe(field);
  expect(await counts()).toEqual(before);
  return error as Error;
}

const orgToken = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  organizationId,
  scope: "ORGANIZATION",
  role: "ORGANIZATION_MEMBER",
  name: "CI pipeline",
  ...overrides,
});

describe("createApiToken", () => {
  it("returns the secret once, stores only its sha256 hash and display prefix, and audits without the secret", async () => {
    const { token, apiToken } = await createApiToken(persona("organizationOwner"), {
      ...orgToken({ role: "ORGANIZATION_OWNER", name: "  Terraform  ", description: "infra repo" }),
      expiresInDays: 30,
    });
    expect(looksLikeApiToken(token)).toBe(true);
    expect(apiToken).toMatchObject({
      name: "Terraform",
      description: "infra repo",
      scope: "ORGANIZATION",
      role: "ORGANIZATION_OWNER",
      prefix: token.slice(0, 12),
      status: "ACTIVE",
      createdBy: { id: world.users.organizationOwner.id },
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(apiToken)).not.toContain(token);
    expect(apiToken.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 29.9 * 24 * 3600_000);

    const row = await db.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(row.secretHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token.slice(12));

    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId, action: "apiToken.create" },
      orderBy: { sequence: "desc" },
    });
    expect(event.metadata).toEqual({
      name: "Terraform",
      scope: "ORGANIZATION",
      role: "ORGANIZATION_OWNER",
      prefix: apiToken.prefix,
      expiresAt: apiToken.expiresAt?.toISOString(),
    });
    expect(event.targets).toEqual([{ type: "apiToken", id: apiToken.id, label: "Terraform" }]);
    expect(event.actorId).toBe(world.users.organizationOwner.id);
    const everything = JSON.stringify(await db.auditEvent.findMany());
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(row.secretHash);
  });

  it("lets a workspace owner mint workspace tokens for their workspace, up to WORKSPACE_OWNER", async () => {
    const { apiToken } = await createApiToken(persona("workspaceOwner"), {
      organizationId,
      scope: "WORKSPACE",
      workspaceId,
      role: "WORKSPACE_OWNER",
      name: "Workspace automation",
    });
    expect(apiToken).toMatchObject({ scope: "WORKSPACE", workspaceId, workspaceName: "Analytics" });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId, action: "apiToken.create" },
      orderBy: { sequence: "desc" },
    });
    expect(event.targets).toEqual([
      { type: "apiToken", id: apiToken.id, label: "Workspace automation" },
      { type: "workspace", id: workspaceId, label: "Analytics" },
    ]);
  });

  it("lets a deployment admin mint a token for their deployment, recording its workspace", async () => {
    const { apiToken } = await createApiToken(persona("deploymentAdmin"), {
      organizationId,
      scope: "DEPLOYMENT",
      deploymentId,
      role: "DEPLOYMENT_ADMIN",
      name: "Deploy from CI",
      expiresAt: new Date(Date.now() + 3 * 24 * 3600_000),
    });
    expect(apiToken).toMatchObject({ scope: "DEPLOYMENT", deploymentId, workspaceId, deploymentName: "etl" });
  });

  // Each input is built when its case runs (expiry dates are relative to now).
  it.each<{ case: string; input: () => Record<string, unknown> }>([
    { case: "a workspace role on an organization token", input: () => orgToken({ role: "WORKSPACE_OWNER" }) },
    {
      case: "an organization role on a workspace token",
      input: () => ({
        organizationId,
        scope: "WORKSPACE",
        workspaceId,
        role: "ORGANIZATION_OWNER",
        name: "x",
      }),
    },
    {
      case: "a workspace role on a deployment token",
      input: () => ({
        organizationId,
        scope: "DEPLOYMENT",
        deploymentId,
        role: "WORKSPACE_OPERATOR",
        name: "x",
      }),
    },
    { case: "a role that does not exist", input: () => orgToken({ role: "SUPERUSER" }) },
  ])(
    "refuses a role that does not belong to the scope with a ValidationError on role: $case",
    async ({ input }) => {
      await expectRefused(
        () => createApiToken(persona("organizationOwner"), input()),
        ValidationError,
        "role",
      );
    },
  );

  it.each<{ case: string; input: () => Record<string, unknown>; field: string }>([
    { case: "a blank name", input: () => orgToken({ name: "   " }), field: "name" },
    { case: "a name over 60 characters", input: () => orgToken({ name: "n".repeat(61) }), field: "name" },
    ...[0, 366, 1.5].map((days) => ({
      case: `expiresInDays ${days}`,
      input: () => orgToken({ expiresInDays: days }),
      field: "expiresInDays",
    })),
    {
      case: "an expiry in the past",
      input: () => orgToken({ expiresAt: new Date(Date.now() - 1000) }),
      field: "expiresAt",
    },
    {
      case: "an expiry over a year away",
      input: () => orgToken({ expiresAt: new Date(Date.now() + 400 * 24 * 3600_000) }),
      field: "expiresAt",
    },
    {
      case: "a workspace token without workspaceId",
      input: () => ({ ...orgToken(), scope: "WORKSPACE", role: "WORKSPACE_MEMBER" }),
      field: "workspaceId",
    },
    { case: "an unknown scope", input: () => ({ ...orgToken(), scope: "NOPE" }), field: "scope" },
  ])("validates name, expiry and the scope's target: $case", async ({ input, field }) => {
    await expectRefused(() => createApiToken(persona("organizationOwner"), input()), ValidationError, field);
  });

  it("answers NOT_FOUND for a target in another organization, or for an outsider", async () => {
    const owner = persona("organizationOwner");
    await expectRefused(
      () =>
        createApiToken(owner, {
          organizationId,
          scope: "WORKSPACE",
          workspaceId: world.otherWorkspaceId,
          role: "WORKSPACE_MEMBER",
          name: "x",
        }),
      NotFoundError,
    );
    const foreignDeployment = await db.deployment.create({
      data: {
        organizationId: world.otherOrganizationId,
        workspaceId: world.otherWorkspaceId,
        name: "foreign",
        spec: {},
        namespace: `foreign-${Date.now()}`,
      },
    });
    await expectRefused(
      () =>
        createApiToken(owner, {
          organizationId,
          scope: "DEPLOYMENT",
          deploymentId: foreignDeployment.id,
          role: "DEPLOYMENT_ADMIN",
          name: "x",
        }),
      NotFoundError,
    );
    await expectRefused(
      () => createApiToken(persona("outsider"), orgToken({ role: "ORGANIZATION_OWNER" })),
      NotFoundError,
    );
    // The outsider owns the other organization, but cannot aim its tokens at ours.
    await expectRefused(
      () =>
        createApiToken(persona("outsider"), {
          organizationId: world.otherOrganizationId,
          scope: "WORKSPACE",
          workspaceId,
          role: "WORKSPACE_OWNER",
          name: "x",
        }),
      NotFoundError,
    );
  });

  it("never gives a token more rights than its creator", async () => {
    // People below the manage permission are refused outright.
    for (const p of ["workspaceOperator", "teamWorkspaceOperator", "workspaceMember"] as const) {
      await expectRefused(
        () =>
          createApiToken(persona(p), {
            organizationId,
            scope: "WORKSPACE",
            workspaceId,
            role: "WORKSPACE_MEMBER",
            name: "x",
          }),
        ForbiddenError,
      );
    }
    const error = await expectRefused(
      () => createApiToken(persona("workspaceOwner"), orgToken({ role: "ORGANIZATION_MEMBER" })),
      ForbiddenError,
    );
    expect(error.message).toContain("ORGANIZATION_OWNER");

    // A token minting a token is bound by its own role and scope.
    const { token } = await createApiToken(persona("workspaceOwner"), {
      organizationId,
      scope: "WORKSPACE",
      workspaceId,
      role: "WORKSPACE_OWNER",
      name: "Minting token",
    });
    const tokenActor = await authenticateApiToken(db, token);
    await expectRefused(() => createApiToken(as(tokenActor), orgToken()), ForbiddenError);
    const otherWorkspace = await db.workspace.create({ data: { organizationId, name: "Elsewhere" } });
    await expectRefused(
      () =>
        createApiToken(as(tokenActor), {
          organizationId,
          scope: "WORKSPACE",
          workspaceId: otherWorkspace.id,
          role: "WORKSPACE_MEMBER",
          name: "x",
        }),
      ForbiddenError,
    );
    const minted = await createApiToken(as(tokenActor), {
      organizationId,
      scope: "WORKSPACE",
      workspaceId,
      role: "WORKSPACE_OPERATOR",
      name: "Minted by a token",
    });
    // The person accountable for a token-minted token is the original creator.
    expect(minted.apiToken.createdBy?.id).toBe(world.users.workspaceOwner.id);
    const mintedActor = await authenticateApiToken(db, minted.token);
    await expectRefused(
      () =>
        createApiToken(as(mintedActor), {
          organizationId,
          scope: "WORKSPACE",
          workspaceId,
          role: "WORKSPACE_OWNER",
          name: "escalation",
        }),
      ForbiddenError,
    );
  });

  it("caps the grantable role at the creator's own role at the scope", () => {
    const none = { organizationRole: null, workspaceRole: null, deploymentRole: null };
    const operator = {
      ...none,
      organizationRole: "ORGANIZATION_MEMBER" as const,
      workspaceRole: "WORKSPACE_OPERATOR" as const,
    };
    expect(strongestGrantableRole(operator, "WORKSPACE")).toBe("WORKSPACE_OPERATOR");
    expect(creatorMayGrant(operator, "WORKSPACE", "WORKSPACE_OWNER")).toBe(false);
    expect(creatorMayGrant(operator, "WORKSPACE", "WORKSPACE_AUTHOR")).toBe(true);
    // A workspace operator holds every right of a deployment admin on its deployments.
    expect(creatorMayGrant(operator, "DEPLOYMENT", "DEPLOYMENT_ADMIN")).toBe(true);
    const author = { ...operator, workspaceRole: "WORKSPACE_AUTHOR" as const };
    expect(creatorMayGrant(author, "DEPLOYMENT", "DEPLOYMENT_ADMIN")).toBe(false);
    const member = { ...none, organizationRole: "ORGANIZATION_MEMBER" as const };
    expect(strongestGrantableRole(member, "ORGANIZATION")).toBe("ORGANIZATION_MEMBER");
    expect(creatorMayGrant(member, "ORGANIZATION", "ORGANIZATION_BILLING_ADMIN")).toBe(false);
    expect(strongestGrantableRole(member, "WORKSPACE")).toBeNull();
    const owner = { ...none, organizationRole: "ORGANIZATION_OWNER" as const };
    expect(strongestGrantableRole(owner, "ORGANIZATION")).toBe("ORGANIZATION_OWNER");
    expect(strongestGrantableRole(owner, "WORKSPACE")).toBe("WORKSPACE_OWNER");
  });
});

describe("listApiTokens", () => {
  it("lists metadata and status, never secrets or hashes; filters by workspace and deployment", async () => {
    const owner = persona("organizationOwner");
    const created = await createApiToken(owner, orgToken({ name: "Listed" }));
    const all = (await listApiTokens(owner, { organizationId })).items;
    const listed = all.find((t) => t.id === created.apiToken.id);
    expect(listed).toMatchObject({ name: "Listed", status: "ACTIVE", prefix: created.apiToken.prefix });
    const hashes = (await db.apiToken.findMany({ select: { secretHash: true } })).map((t) => t.secretHash);
    const text = JSON.stringify(all);
    expect(text).not.toContain(created.token);
    for (const hash of hashes) expect(text).not.toContain(hash);
    expect(Object.keys(listed ?? {})).not.toContain("secretHash");
    // In id order, one page.
    const ids = all.map((t) => t.id);
    expect([...ids].sort()).toEqual(ids);

    const inWorkspace = (await listApiTokens(persona("workspaceOwner"), { organizationId, workspaceId }))
      .items;
    expect(inWorkspace.length).toBeGreaterThan(0);
    expect(inWorkspace.every((t) => t.workspaceId === workspaceId)).toBe(true);
    const inDeployment = (await listApiTokens(persona("deploymentAdmin"), { organizationId, deploymentId }))
      .items;
    expect(inDeployment.length).toBeGreaterThan(0);
    expect(inDeployment.every((t) => t.deploymentId === deploymentId)).toBe(true);
  });

  it("needs the manage permission of the scope listed", async () => {
    await expect(listApiTokens(persona("workspaceOwner"), { organizationId })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      listApiTokens(persona("workspaceMember"), { organizationId, workspaceId }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listApiTokens(persona("outsider"), { organizationId })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      listApiTokens(persona("organizationOwner"), { organizationId, workspaceId: world.otherWorkspaceId }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("token lifecycle", () => {
  it("authenticates, updates lastUsedAt at most once a minute, and stops working when revoked", async () => {
    const owner = persona("organizationOwner");
    const { token, apiToken } = await createApiToken(owner, orgToken({ name: "Lifecycle" }));
    const t0 = new Date();
    const actor = await authenticateApiToken(db, token, t0);
    expect(actor).toMatchObject({ type: "apiToken", tokenId: apiToken.id, scope: "ORGANIZATION" });
    expect(actor.label).not.toContain(token);
    const used = await db.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } });
    expect(used.lastUsedAt?.getTime()).toBe(t0.getTime());
    await authenticateApiToken(db, token, new Date(t0.getTime() + 30_000));
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } })).lastUsedAt?.getTime()).toBe(
      t0.getTime(),
    );
    const later = new Date(t0.getTime() + 120_000);
    await authenticateApiToken(db, token, later);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } })).lastUsedAt?.getTime()).toBe(
      later.getTime(),
    );
    const listed = (await listApiTokens(owner, { organizationId })).items.find((t) => t.id === apiToken.id);
    expect(listed?.lastUsedAt?.getTime()).toBe(later.getTime());

    const revoked = await revokeApiToken(owner, { organizationId, apiTokenId: apiToken.id });
    expect(revoked.status).toBe("REVOKED");
    await expect(authenticateApiToken(db, token)).rejects.toBeInstanceOf(UnauthenticatedError);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId, action: "apiToken.revoke" },
      orderBy: { sequence: "desc" },
    });
    expect(event.targets).toEqual([{ type: "apiToken", id: apiToken.id, label: "Lifecycle" }]);
    expect(JSON.stringify(event)).not.toContain(token);

    await expectRefused(
      () => revokeApiToken(owner, { organizationId, apiTokenId: apiToken.id }),
      ConflictError,
    );
  });

  it("refuses expired tokens and lists them as EXPIRED", async () => {
    const owner = persona("organizationOwner");
    const { token, apiToken } = await createApiToken(
      owner,
      orgToken({ name: "Short-lived", expiresInDays: 1 }),
    );
    await expect(authenticateApiToken(db, token)).resolves.toMatchObject({ tokenId: apiToken.id });
    await expect(
      authenticateApiToken(db, token, new Date(Date.now() + 2 * 24 * 3600_000)),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
    await db.apiToken.update({
      where: { id: apiToken.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(authenticateApiToken(db, token)).rejects.toBeInstanceOf(UnauthenticatedError);
    const listed = (await listApiTokens(owner, { organizationId })).items.find((t) => t.id === apiToken.id);
    expect(listed?.status).toBe("EXPIRED");
  });

  it("revocation follows the token's scope and hides other tenants' tokens", async () => {
    const owner = persona("organizationOwner");
    const organizationToken = await createApiToken(owner, orgToken({ name: "Org-wide" }));
    const workspaceToken = await createApiToken(owner, {
      organizationId,
      scope: "WORKSPACE",
      workspaceId,
      role: "WORKSPACE_MEMBER",
      name: "Read-only",
    });
    // Below the token's scope: a workspace owner cannot revoke an organization token, nor an
    // operator a workspace token.
    for (const [revoker, token] of [
      ["workspaceOwner", organizationToken],
      ["workspaceOperator", workspaceToken],
    ] as const) {
      await expectRefused(
        () => revokeApiToken(persona(revoker), { organizationId, apiTokenId: token.apiToken.id }),
        ForbiddenError,
      );
    }
    const outsiderError = await expectRefused(
      () =>
        revokeApiToken(persona("outsider"), { organizationId, apiTokenId: organizationToken.apiToken.id }),
      NotFoundError,
    );
    const missingError = await expectRefused(
      () => revokeApiToken(owner, { organizationId, apiTokenId: "no-such-token" }),
      NotFoundError,
    );
    expect(outsiderError.message).toBe(missingError.message);
    // Another organization's id with our token: the tenant floor hides it.
    await expectRefused(
      () =>
        revokeApiToken(persona("outsider"), {
          organizationId: world.otherOrganizationId,
          apiTokenId: organizationToken.apiToken.id,
        }),
      NotFoundError,
    );
    const revoked = await revokeApiToken(persona("workspaceOwner"), {
      organizationId,
      apiTokenId: workspaceToken.apiToken.id,
    });
    expect(revoked.status).toBe("REVOKED");
  });
});

describe("verified-token cache", () => {
  const after = (start: Date, ms: number) => new Date(start.getTime() + ms);

  it("answers a verified token from the cache, without reading the database again, until the TTL", async () => {
    const owner = persona("organizationOwner");
    const { token, apiToken } = await createApiToken(owner, orgToken({ name: "Cached" }));
    const cache = createApiTokenCache();
    const t0 = new Date();
    const first = await authenticateApiToken(db, token, t0, cache);
    // Changed behind the cache's back: only a database read would notice.
    await db.apiToken.update({ where: { id: apiToken.id }, data: { name: "Renamed" } });
    expect(await authenticateApiToken(db, token, after(t0, API_TOKEN_CACHE_TTL_MS - 1), cache)).toBe(first);
    const reread = await authenticateApiToken(db, token, after(t0, API_TOKEN_CACHE_TTL_MS), cache);
    expect(reread).toMatchObject({ tokenId: apiToken.id, name: "Renamed" });
  });

  it("refuses a token revoked in this process at once, and in another process within the TTL", async () => {
    const owner = persona("organizationOwner");
    const { token, apiToken } = await createApiToken(owner, orgToken({ name: "Revoked soon" }));
    const otherProcess = createApiTokenCache();
    const t0 = new Date();
    await authenticateApiToken(db, token, t0, apiTokenCache);
    await authenticateApiToken(db, token, t0, otherProcess);
    await revokeApiToken(owner, { organizationId, apiTokenId: apiToken.id });

    await expect(authenticateApiToken(db, token, t0, apiTokenCache)).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
    // The documented bound: a process that verified it just before keeps it until the TTL ends.
    await expect(
      authenticateApiToken(db, token, after(t0, API_TOKEN_CACHE_TTL_MS - 1), otherProcess),
    ).resolves.toMatchObject({ tokenId: apiToken.id });
    await expect(
      authenticateApiToken(db, token, after(t0, API_TOKEN_CACHE_TTL_MS), otherProcess),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
    // A refusal is not remembered as an acceptance, nor is the token re-admitted later.
    await expect(
      authenticateApiToken(db, token, after(t0, 2 * API_TOKEN_CACHE_TTL_MS), otherProcess),
    ).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("refuses a cached token once it expires, even within the TTL", async () => {
    const owner = persona("organizationOwner");
    const { token, apiToken } = await createApiToken(owner, orgToken({ name: "Expiring", expiresInDays: 1 }));
    const t0 = new Date();
    const expiresAt = after(t0, 1_000);
    await db.apiToken.update({ where: { id: apiToken.id }, data: { expiresAt } });
    const cache = createApiTokenCache();
    await expect(authenticateApiToken(db, token, t0, cache)).resolves.toMatchObject({ tokenId: apiToken.id });
    await expect(authenticateApiToken(db, token, expiresAt, cache)).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
  });

  it("keeps each token's own organization: another organization's token never reaches this one", async () => {
    const ours = await createApiToken(persona("organizationOwner"), orgToken({ name: "Ours" }));
    const theirs = await createApiToken(persona("outsider"), {
      ...orgToken({ name: "Theirs", role: "ORGANIZATION_OWNER" }),
      organizationId: world.otherOrganizationId,
    });
    const cache = createApiTokenCache();
    const t0 = new Date();
    const ourActor = await authenticateApiToken(db, ours.token, t0, cache);
    const theirActor = await authenticateApiToken(db, theirs.token, t0, cache);
    expect(await authenticateApiToken(db, theirs.token, after(t0, 1), cache)).toBe(theirActor);
    expect(theirActor).toMatchObject({
      tokenId: theirs.apiToken.id,
      organizationId: world.otherOrganizationId,
    });
    expect(ourActor).toMatchObject({ tokenId: ours.apiToken.id, organizationId });
    await expect(
      authorize(db, theirActor, "deployment.list", { organizationId, workspaceId }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      authorize(db, ourActor, "deployment.list", { organizationId: world.otherOrganizationId }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("is bounded in size and never holds a refused token", async () => {
    const owner = persona("organizationOwner");
    const cache = createApiTokenCache({ maxTokens: 2 });
    const t0 = new Date();
    for (const name of ["First", "Second", "Third"]) {
      const { token } = await createApiToken(owner, orgToken({ name }));
      await authenticateApiToken(db, token, t0, cache);
    }
    expect(cache.size).toBe(2);
    await expect(authenticateApiToken(db, `skp_${"A".repeat(43)}`, t0, cache)).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
    expect(cache.size).toBe(2);
  });
});

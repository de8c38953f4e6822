import {
  type Actor,
  type AuditEventView,
  exportAuditEvents,
  ForbiddenError,
  listAuditEvents,
  type MutationContext,
  NotFoundError,
  ValidationError,
  verifyAuditLog,
} from "@skyport/domain";
import { PERSONAS, worldOnTestDatabase } from "@skyport/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { mutate } from "../src/shared/mutation.ts";

const { db, world } = await worldOnTestDatabase();
const { organizationId } = world;

function as(actor: Actor): MutationContext {
  return { db, actor, context: { ip: "192.0.2.1", userAgent: "vitest", requestId: "req-audit" } };
}
const owner = as(world.actor("organizationOwner"));
const tokenActor: Actor = {
  type: "apiToken",
  tokenId: "tok_audit",
  label: "token Deployer (skp_abcdefgh…)",
  organizationId,
  scope: "ORGANIZATION",
  workspaceId: null,
  deploymentId: null,
  role: "ORGANIZATION_OWNER",
  createdById: world.users.organizationOwner.id,
};

/** One audited change per call: a real row plus its event, via mutate(). */
function record(
  ctx: MutationContext,
  action: string,
  target: { type: string; id: string },
  orgId = organizationId,
) {
  return mutate(ctx, { permission: "team.manage", resource: { organizationId: orgId } }, async (tx) => {
    const team = await tx.team.create({
      data: { organizationId: orgId, name: `t-${Math.random().toString(36).slice(2)}` },
    });
    return {
      result: team,
      audit: {
        action,
        targets: [
          { ...target, label: target.id },
          { type: "team", id: team.id, label: team.name },
        ],
        metadata: { n: 1 },
      },
    };
  });
}

async function all(
  ctx: MutationContext,
  filters: Parameters<typeof listAuditEvents>[1],
): Promise<AuditEventView[]> {
  const events: AuditEventView[] = [];
  let cursor: string | null = null;
  do {
    const page = await listAuditEvents(ctx, { ...filters, cursor, limit: 200 });
    events.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor);
  return events;
}

let startedAt: Date;
let middle: Date;

beforeAll(async () => {
  startedAt = new Date();
  // 120 events: 60 workspace.* by the owner, 40 deployment.update by a token, 20 team.create by the owner.
  for (let i = 0; i < 60; i++) {
    await record(owner, i % 2 ? "workspace.update" : "workspace.create", {
      type: "workspace",
      id: world.workspaceId,
    });
    if (i === 30) {
      await new Promise((r) => setTimeout(r, 20));
      middle = new Date();
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  for (let i = 0; i < 40; i++) {
    await record(as(tokenActor), "deployment.update", { type: "deployment", id: world.deploymentId });
  }
  for (let i = 0; i < 20; i++)
    await record(owner, "team.create", { type: "organization", id: organizationId });
  // Noise in another organization must never show up.
  for (let i = 0; i < 5; i++) {
    await record(
      as(world.actor("outsider")),
      "workspace.create",
      { type: "workspace", id: world.otherWorkspaceId },
      world.otherOrganizationId,
    );
  }
});

describe("listAuditEvents", () => {
  it("pages of 50 cover all 120 events exactly once, newest first", async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listAuditEvents(owner, { organizationId, cursor });
      expect(page.events.length).toBeLessThanOrEqual(50);
      seen.push(...page.events.map((e) => e.sequence));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => 120 - i));
  });

  it("shapes events with actor, targets, context and hashes", async () => {
    const { events } = await listAuditEvents(owner, { organizationId, limit: 1 });
    expect(events[0]).toMatchObject({
      sequence: 120,
      action: "team.create",
      actor: {
        type: "USER",
        id: world.users.organizationOwner.id,
        label: world.users.organizationOwner.email,
      },
      context: { ip: "192.0.2.1", userAgent: "vitest", requestId: "req-audit" },
      metadata: { n: 1 },
    });
    expect(events[0]?.targets[0]).toEqual({
      type: "organization",
      id: organizationId,
      label: organizationId,
    });
    expect(events[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("filters by exact action and by action prefix", async () => {
    expect((await all(owner, { organizationId, action: "workspace.create" })).length).toBe(30);
    expect((await all(owner, { organizationId, action: "workspace." })).length).toBe(60);
    expect((await all(owner, { organizationId, action: "workspace.*" })).length).toBe(60);
    // The prefix is literal text, not a LIKE pattern: `_` and `%` match only themselves.
    expect((await all(owner, { organizationId, action: "w_rkspace.*" })).length).toBe(0);
    expect((await all(owner, { organizationId, action: "%." })).length).toBe(0);
    expect((await all(owner, { organizationId, action: "workspace" })).length).toBe(0);
  });

  it("filters by actor and actor type", async () => {
    const byToken = await all(owner, { organizationId, actorId: "tok_audit" });
    expect(byToken.length).toBe(40);
    expect(byToken.every((e) => e.actor.type === "API_TOKEN" && e.action === "deployment.update")).toBe(true);
    expect((await all(owner, { organizationId, actorType: "USER" })).length).toBe(80);
    expect((await all(owner, { organizationId, actorType: "SYSTEM" })).length).toBe(0);
  });

  it("filters by target id and type inside the JSON targets column", async () => {
    expect((await all(owner, { organizationId, targetId: world.deploymentId })).length).toBe(40);
    expect((await all(owner, { organizationId, targetType: "workspace" })).length).toBe(60);
    expect(
      (await all(owner, { organizationId, targetType: "workspace", targetId: world.workspaceId })).length,
    ).toBe(60);
    // The id and the type must belong to the same target.
    expect(
      (await all(owner, { organizationId, targetType: "deployment", targetId: world.workspaceId })).length,
    ).toBe(0);
    // The other organization's workspace appears in its events only.
    expect((await all(owner, { organizationId, targetId: world.otherWorkspaceId })).length).toBe(0);
  });

  it("filters by time range and combines filters", async () => {
    const before = await all(owner, { organizationId, to: middle });
    const after = await all(owner, { organizationId, from: middle });
    expect(before.length).toBe(31);
    expect(after.length).toBe(89);
    expect(
      await all(owner, { organizationId, from: startedAt, action: "workspace.", to: middle }),
    ).toHaveLength(31);
    expect(await all(owner, { organizationId, from: new Date(Date.now() + 60_000) })).toHaveLength(0);
  });

  it("rejects bad input naming the field", async () => {
    const cases: Array<[Parameters<typeof listAuditEvents>[1], string]> = [
      [{ organizationId, limit: 0 }, "limit"],
      [{ organizationId, limit: 201 }, "limit"],
      [{ organizationId, cursor: "not-a-cursor" }, "cursor"],
      [{ organizationId, from: new Date(2030, 1, 2), to: new Date(2030, 1, 1) }, "to"],
      [{ organizationId, actorType: "ROBOT" as "USER" }, "actorType"],
      [{ organizationId, action: "x".repeat(201) }, "action"],
    ];
    for (const [input, field] of cases) {
      const error = await listAuditEvents(owner, input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
  });

  it("is for organization owners only; others are forbidden, outsiders get NOT_FOUND", async () => {
    for (const persona of PERSONAS) {
      const outcome = await listAuditEvents(as(world.actor(persona)), { organizationId, limit: 1 }).then(
        () => "allowed",
        (e: unknown) =>
          e instanceof ForbiddenError ? "forbidden" : e instanceof NotFoundError ? "not found" : e,
      );
      const wanted =
        persona === "organizationOwner" ? "allowed" : persona === "outsider" ? "not found" : "forbidden";
      expect(outcome, persona).toBe(wanted);
    }
    const workspaceToken: Actor = {
      ...tokenActor,
      scope: "WORKSPACE",
      workspaceId: world.workspaceId,
      role: "WORKSPACE_OWNER",
    };
    await expect(listAuditEvents(as(workspaceToken), { organizationId })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(listAuditEvents(as(tokenActor), { organizationId, limit: 1 })).resolves.toBeTruthy();
  });
});

describe("exportAuditEvents", () => {
  it("streams every matching event, oldest first, in batches", async () => {
    const exported: number[] = [];
    for await (const event of exportAuditEvents(owner, { organizationId })) exported.push(event.sequence);
    expect(exported).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const filtered: AuditEventView[] = [];
    for await (const event of exportAuditEvents(owner, { organizationId, actorType: "API_TOKEN" })) {
      filtered.push(event);
    }
    expect(filtered).toHaveLength(40);
  });

  it("reads beyond one batch of 500", async () => {
    const big = await db.organization.create({ data: { name: "Big", slug: `big-${Date.now()}` } });
    await db.organizationMembership.create({
      data: { organizationId: big.id, userId: world.users.organizationOwner.id, role: "ORGANIZATION_OWNER" },
    });
    for (let i = 0; i < 520; i++) {
      await record(owner, "workspace.update", { type: "workspace", id: "w" }, big.id);
    }
    let count = 0;
    let last = 0;
    for await (const event of exportAuditEvents(owner, { organizationId: big.id })) {
      expect(event.sequence).toBe(last + 1);
      last = event.sequence;
      count++;
    }
    expect(count).toBe(520);
  });

  it("refuses non-owners before yielding anything", async () => {
    const iterator = exportAuditEvents(as(world.actor("workspaceOwner")), { organizationId });
    await expect(iterator.next()).rejects.toBeInstanceOf(ForbiddenError);
    const outsider = exportAuditEvents(as(world.actor("outsider")), { organizationId });
    await expect(outsider.next()).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("verifyAuditLog", () => {
  it("verifies the chain for owners and refuses others", async () => {
    expect(await verifyAuditLog(owner, { organizationId }, null)).toEqual({
      ok: true,
      checked: 120,
      firstBroken: null,
      anchoring: { status: "NOT_CONFIGURED", checkpoints: 0, latest: null, rejected: [] },
    });
    await expect(
      verifyAuditLog(as(world.actor("billingAdmin")), { organizationId }, null),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      verifyAuditLog(as(world.actor("outsider")), { organizationId }, null),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

// The audit log over tRPC and the REST API's NDJSON export (the console links to it; it has no
// export route of its own), called through the REST route handler with a Request carrying a
// real session cookie or a Bearer API token.
import { hashPassword } from "@skyport/auth";
import { createApiToken, createWorkspace, type MutationContext } from "@skyport/domain";
import { buildWorld } from "@skyport/testing";
import type { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as restGet } from "../app/api/v1/[[...path]]/route.ts";
import { callerAs, createTestServices, serveRoutesWith } from "./support.ts";

const services = await createTestServices();
serveRoutesWith(services);
const { db } = services;
const world = await buildWorld(db);
const { organizationId } = world;
const ownerCtx: MutationContext = {
  db,
  actor: world.actor("organizationOwner"),
  context: { ip: "203.0.113.9", userAgent: "vitest", requestId: "req-audit-web" },
};

/** Signs a world persona in with a password, returning the Cookie header a browser would send. */
async function sessionCookieFor(userId: string, email: string): Promise<string> {
  const password = "a long enough test password";
  await db.account.create({
    data: { userId, providerId: "credential", accountId: userId, password: await hashPassword(password) },
  });
  const result = await services.auth.signIn({ email, password }, new Headers());
  if (!result) throw new Error("sign-in failed");
  return result.setCookies.map((cookie) => cookie.split(";")[0]).join("; ");
}

function exportRequest(query: string, headers: Record<string, string>, org = organizationId) {
  return restGet(
    new Request(`http://localhost:3000/api/v1/organizations/${org}/audit-logs/export${query}`, { headers }),
    undefined,
  );
}

let ownerCookie: string;

beforeAll(async () => {
  for (let i = 0; i < 7; i++) {
    await createWorkspace(ownerCtx, { organizationId, name: `Workspace ${i}` });
  }
  await createApiToken(ownerCtx, {
    organizationId,
    scope: "ORGANIZATION",
    role: "ORGANIZATION_MEMBER",
    name: "CI",
  });
  ownerCookie = await sessionCookieFor(world.users.organizationOwner.id, world.users.organizationOwner.email);
});

describe("audit procedures", () => {
  it("list pages newest first with an opaque cursor and honours filters", async () => {
    const owner = await callerAs(services, world.actor("organizationOwner"));
    const first = await owner.audit.list({ organizationId, limit: 5 });
    expect(first.events.map((e) => e.sequence)).toEqual([8, 7, 6, 5, 4]);
    expect(first.nextCursor).toBeTruthy();
    const second = await owner.audit.list({ organizationId, limit: 5, cursor: first.nextCursor });
    expect(second.events.map((e) => e.sequence)).toEqual([3, 2, 1]);
    expect(second.nextCursor).toBeNull();
    const tokens = await owner.audit.list({ organizationId, action: "apiToken." });
    expect(tokens.events.map((e) => e.action)).toEqual(["apiToken.create"]);
    expect(tokens.events[0]?.context).toEqual({
      ip: "203.0.113.9",
      userAgent: "vitest",
      requestId: "req-audit-web",
    });
  });

  it("bad filters name their field", async () => {
    const owner = await callerAs(services, world.actor("organizationOwner"));
    const error = await owner.audit.list({ organizationId, cursor: "garbage" }).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect(((error as TRPCError).cause as { field?: string }).field).toBe("cursor");
  });

  it("verify reports the chain for owners only", async () => {
    const owner = await callerAs(services, world.actor("organizationOwner"));
    expect(await owner.audit.verify({ organizationId })).toEqual({
      ok: true,
      checked: 8,
      firstBroken: null,
      anchoring: { status: "NOT_CONFIGURED", checkpoints: 0, latest: null, rejected: [] },
    });
    const member = await callerAs(services, world.actor("workspaceOwner"));
    await expect(member.audit.verify({ organizationId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("GET /api/v1/organizations/:id/audit-logs/export (the console's export link)", () => {
  it("streams NDJSON, oldest first, to an owner signed in with a session cookie", async () => {
    const response = await exportRequest("", { cookie: ownerCookie });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    expect(response.headers.get("content-disposition")).toMatch(
      new RegExp(`^attachment; filename="skyport-audit-${organizationId}-\\d{4}-\\d{2}-\\d{2}\\.ndjson"$`),
    );
    const text = await response.text();
    expect(text.endsWith("\n")).toBe(true);
    const lines = text
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Object.keys(lines[0])).toEqual([
      "id",
      "sequence",
      "occurredAt",
      "actor",
      "action",
      "targets",
      "context",
      "metadata",
      "previousHash",
      "hash",
    ]);
    expect(lines[0].actor).toEqual({
      type: "USER",
      id: world.users.organizationOwner.id,
      label: world.users.organizationOwner.email,
    });
    expect(new Date(lines[0].occurredAt).toISOString()).toBe(lines[0].occurredAt);
    // Each line links to the one before it.
    for (let i = 1; i < lines.length; i++) expect(lines[i].previousHash).toBe(lines[i - 1].hash);
  });

  it("honours the filters in the query string", async () => {
    const response = await exportRequest(`?action=${encodeURIComponent("apiToken.")}&actorType=USER`, {
      cookie: ownerCookie,
    });
    const lines = (await response.text())
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((e) => e.action)).toEqual(["apiToken.create"]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const empty = await exportRequest(`?from=${encodeURIComponent(future)}`, { cookie: ownerCookie });
    expect(empty.status).toBe(200);
    expect(await empty.text()).toBe("");
  });

  it("accepts an organization-owner API token as Bearer", async () => {
    const { token } = await createApiToken(ownerCtx, {
      organizationId,
      scope: "ORGANIZATION",
      role: "ORGANIZATION_OWNER",
      name: "Audit exporter",
    });
    const response = await exportRequest("", { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.trimEnd().split("\n").length).toBeGreaterThanOrEqual(9);
    expect(text).not.toContain(token);
  });

  it("refuses everyone else with a JSON error and the right status", async () => {
    const workspaceOwnerCookie = await sessionCookieFor(
      world.users.workspaceOwner.id,
      world.users.workspaceOwner.email,
    );
    const outsiderCookie = await sessionCookieFor(world.users.outsider.id, world.users.outsider.email);
    const { token: memberToken } = await createApiToken(ownerCtx, {
      organizationId,
      scope: "ORGANIZATION",
      role: "ORGANIZATION_MEMBER",
      name: "Member token",
    });
    const cases: Array<[string, Record<string, string>, number, string]> = [
      ["", {}, 401, "UNAUTHORIZED"],
      ["", { authorization: "Bearer skp_revoked-or-made-up" }, 401, "UNAUTHORIZED"],
      ["", { cookie: workspaceOwnerCookie }, 403, "FORBIDDEN"],
      ["", { authorization: `Bearer ${memberToken}` }, 403, "FORBIDDEN"],
      ["", { cookie: outsiderCookie }, 404, "NOT_FOUND"],
      ["?from=yesterday", { cookie: ownerCookie }, 400, "BAD_REQUEST"],
      ["?actorType=ROBOT", { cookie: ownerCookie }, 400, "BAD_REQUEST"],
    ];
    for (const [query, headers, status, code] of cases) {
      const response = await exportRequest(query, headers);
      expect(response.status, `${query} ${Object.keys(headers)}`).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      const body = (await response.json()) as { error: { code: string; message: string; requestId: string } };
      expect(body.error.code).toBe(code);
      expect(body.error.message).toBeTruthy();
      expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
    }
    // An unknown organization looks exactly like another tenant's.
    const missing = await exportRequest("", { cookie: ownerCookie }, "no-such-organization");
    expect(missing.status).toBe(404);
  });
});

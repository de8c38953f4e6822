// API tokens through tRPC: creation shows the secret once, lists never do, and a token
// authenticates a call through the real context and HTTP route (Authorization: Bearer).
import { Writable } from "node:stream";
import { createLogger } from "@skyport/logger";
import { buildWorld } from "@skyport/testing";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { GET as trpcGet, POST as trpcPost } from "../app/api/trpc/[trpc]/route.ts";
import { createTRPCContext } from "../src/server/trpc/context.ts";
import { createCaller } from "../src/server/trpc/router.ts";
import { callerAs, createTestServices, serveRoutesWith } from "./support.ts";
import { trpcCode } from "./trpc-http.ts";

const services = await createTestServices();
const { db } = services;
const world = await buildWorld(db);
const { organizationId, workspaceId } = world;

// Everything the web process logs during this file, at the most verbose level.
const logLines: string[] = [];
services.logger = createLogger({
  name: "web",
  level: "trace",
  destination: new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
});
serveRoutesWith(services);

/** A caller resolved exactly as an HTTP request with these headers would be. */
async function callerWithHeaders(headers: Headers) {
  const ctx = await createTRPCContext({
    requestId: "req-bearer",
    logger: services.logger,
    services,
    headers,
  });
  return createCaller(ctx);
}
/** What Next passes a catch-all route handler as its second argument. */
const routeContext = (path: string) => ({ params: Promise.resolve({ trpc: path }) });
const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });

describe("apiToken procedures", () => {
  it("create returns the secret once; list and revoke never do", async () => {
    const owner = await callerAs(services, world.actor("organizationOwner"));
    const created = await owner.apiToken.create({
      organizationId,
      scope: "ORGANIZATION",
      role: "ORGANIZATION_OWNER",
      name: "Release automation",
      expiresInDays: 90,
    });
    expect(created.token).toMatch(/^skp_[A-Za-z0-9_-]{43}$/);
    expect(created.apiToken.prefix).toBe(created.token.slice(0, 12));

    const listed = (await owner.apiToken.list({ organizationId })).items;
    expect(listed.map((t) => t.id)).toContain(created.apiToken.id);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const revoked = await owner.apiToken.revoke({ organizationId, apiTokenId: created.apiToken.id });
    expect(revoked.status).toBe("REVOKED");
    expect(JSON.stringify(revoked)).not.toContain(created.token);
    expect(JSON.stringify(await db.auditEvent.findMany())).not.toContain(created.token);
  });

  it("names the field for a role outside the token's scope and writes nothing", async () => {
    const owner = await callerAs(services, world.actor("organizationOwner"));
    const before = await db.apiToken.count();
    const error = await owner.apiToken
      .create({ organizationId, scope: "WORKSPACE", workspaceId, role: "ORGANIZATION_OWNER", name: "x" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect(await db.apiToken.count()).toBe(before);
    const zodError = await owner.apiToken
      .create({
        organizationId,
        scope: "ORGANIZATION",
        role: "ORGANIZATION_MEMBER",
        name: "",
        expiresInDays: 400,
      })
      .catch((e: unknown) => e);
    expect((zodError as TRPCError).code).toBe("BAD_REQUEST");
  });

  it("a workspace owner manages their workspace's tokens; the org-wide list stays owner-only", async () => {
    const workspaceOwner = await callerAs(services, world.actor("workspaceOwner"));
    const created = await workspaceOwner.apiToken.create({
      organizationId,
      scope: "WORKSPACE",
      workspaceId,
      role: "WORKSPACE_OPERATOR",
      name: "Workspace CI",
    });
    expect(created.apiToken.workspaceName).toBe("Analytics");
    const mine = (await workspaceOwner.apiToken.list({ organizationId, workspaceId })).items;
    expect(mine.map((t) => t.id)).toContain(created.apiToken.id);
    expect(await trpcCode(workspaceOwner.apiToken.list({ organizationId }))).toBe("FORBIDDEN");
    const outsider = await callerAs(services, world.actor("outsider"));
    expect(
      await trpcCode(outsider.apiToken.revoke({ organizationId, apiTokenId: created.apiToken.id })),
    ).toBe("NOT_FOUND");
  });
});

describe("Authorization: Bearer", () => {
  it("authenticates tRPC calls through the real context, with the token's role, until revoked", async () => {
    const owner = await callerAs(services, world.actor("organizationOwner"));
    const { token, apiToken } = await owner.apiToken.create({
      organizationId,
      scope: "ORGANIZATION",
      role: "ORGANIZATION_OWNER",
      name: "Bearer test",
    });
    const asToken = await callerWithHeaders(bearer(token));
    const listed = (await asToken.apiToken.list({ organizationId })).items;
    expect(listed.find((t) => t.id === apiToken.id)?.lastUsedAt).toBeInstanceOf(Date);

    // A token-made change is audited with the token as the actor.
    const minted = await asToken.apiToken.create({
      organizationId,
      scope: "WORKSPACE",
      workspaceId,
      role: "WORKSPACE_MEMBER",
      name: "Minted over Bearer",
    });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId, action: "apiToken.create" },
      orderBy: { sequence: "desc" },
    });
    expect(event).toMatchObject({ actorType: "API_TOKEN", actorId: apiToken.id });
    expect(event.actorLabel).toContain(apiToken.prefix);
    expect(event.context).toMatchObject({ requestId: "req-bearer" });

    // A member-role token is refused what members may not do.
    const member = await owner.apiToken.create({
      organizationId,
      scope: "ORGANIZATION",
      role: "ORGANIZATION_MEMBER",
      name: "Read-only",
    });
    expect(
      await trpcCode((await callerWithHeaders(bearer(member.token))).apiToken.list({ organizationId })),
    ).toBe("FORBIDDEN");

    await owner.apiToken.revoke({ organizationId, apiTokenId: apiToken.id });
    expect(await trpcCode((await callerWithHeaders(bearer(token))).apiToken.list({ organizationId }))).toBe(
      "UNAUTHORIZED",
    );
    expect(
      await trpcCode(
        (await callerWithHeaders(bearer("skp_not-a-real-token"))).audit.list({ organizationId }),
      ),
    ).toBe("UNAUTHORIZED");
    expect(minted.apiToken.createdBy?.id).toBe(world.users.organizationOwner.id);
  });

  it("works over the HTTP route, and no secret reaches the logs", async () => {
    const owner = await callerAs(services, world.actor("organizationOwner"));
    const { token } = await owner.apiToken.create({
      organizationId,
      scope: "ORGANIZATION",
      role: "ORGANIZATION_OWNER",
      name: "HTTP test",
    });
    const input = encodeURIComponent(JSON.stringify({ json: { organizationId } }));
    const ok = await trpcGet(
      new Request(`http://localhost:3000/api/trpc/apiToken.list?input=${input}`, {
        headers: { authorization: `Bearer ${token}` },
      }),
      routeContext("apiToken.list"),
    );
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { result: { data: { json: { items: Array<{ name: string }> } } } };
    expect(body.result.data.json.items.map((t) => t.name)).toContain("HTTP test");
    expect(JSON.stringify(body)).not.toContain(token);

    // Creating over HTTP returns the secret in that response only.
    const created = await trpcPost(
      new Request("http://localhost:3000/api/trpc/apiToken.create", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({
          json: { organizationId, scope: "ORGANIZATION", role: "ORGANIZATION_MEMBER", name: "Over HTTP" },
        }),
      }),
      routeContext("apiToken.create"),
    );
    expect(created.status).toBe(200);
    const newSecret = ((await created.json()) as { result: { data: { json: { token: string } } } }).result
      .data.json.token;

    // A refused call (revoked token) is logged too; still without the secret.
    await owner.apiToken.revoke({
      organizationId,
      apiTokenId: (await db.apiToken.findFirstOrThrow({ where: { name: "HTTP test" } })).id,
    });
    const refused = await trpcGet(
      new Request(`http://localhost:3000/api/trpc/apiToken.list?input=${input}`, {
        headers: { authorization: `Bearer ${token}` },
      }),
      routeContext("apiToken.list"),
    );
    expect(refused.status).toBe(401);

    const logs = logLines.join("");
    expect(logs).toContain('"path":"/api/trpc/apiToken.list"');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(token.slice(4));
    expect(logs).not.toContain(newSecret);
  });
});

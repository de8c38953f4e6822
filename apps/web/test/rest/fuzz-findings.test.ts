// Regressions for what schemathesis (e2e/tests/api-fuzz.test.ts) found in the REST API: each
// case is the smallest request reproducing a finding, and failed before its fix.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { buildWorld } from "@skyport/testing";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { callerAs, createTestServices } from "../support.ts";
import { ownerTokenFor } from "./operation-inputs.ts";
import { restClient, signUpOverRest } from "./support.ts";

const services = await createTestServices();
const api = restClient(services);
const world = await buildWorld(services.db);
const token = await ownerTokenFor(services.db, world.organizationId);
const workspace = `/organizations/${world.organizationId}/workspaces/${world.workspaceId}`;

describe("strings with the NUL character (PostgreSQL text cannot hold it)", () => {
  it("a connection id with NUL answers 400 naming the field, not 500, and writes nothing", async () => {
    const answer = await api("PATCH", `${workspace}/airflow-connections`, {
      token,
      body: { entries: [{ connectionId: "warehouse\u0000", connType: "postgres" }] },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.field).toBe("entries.0.connectionId");
    expect(answer.body.error.message).toContain("NUL character");
    const list = await api("GET", `${workspace}/airflow-connections`, { token });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
  });

  it("a NUL in a nested key or an array item of an import is refused the same way", async () => {
    const imported = await api("POST", `${workspace}/environment-variables/import`, {
      token,
      body: { text: "A=1", linkedDeploymentIds: [`${world.deploymentId}\u0000`] },
    });
    expect(imported.status).toBe(400);
    expect(imported.body.error.field).toBe("linkedDeploymentIds.0");

    const rule = await api("POST", `/organizations/${world.organizationId}/alerts`, {
      token,
      body: { name: "late\u0000", type: "TELEMETRY_SILENCE", workspaceId: world.workspaceId },
    });
    expect(rule.status).toBe(400);
    expect(rule.body.error.field).toBe("name");
  });
});

describe("strings with an unpaired UTF-16 surrogate (JSON's \\ud800: jsonb cannot hold it)", () => {
  it("a team or workspace named with a lone surrogate answers 400 naming the field, not 500, and writes nothing", async () => {
    const organization = `/organizations/${world.organizationId}`;
    const [teamsBefore, workspacesBefore, auditBefore] = await Promise.all([
      services.db.team.count(),
      services.db.workspace.count(),
      services.db.auditEvent.count(),
    ]);
    // restClient sends JSON.stringify's text, which writes a lone surrogate as the escape "\ud800".
    const team = await api("POST", `${organization}/teams`, { token, body: { name: "Data\ud800" } });
    expect(team.status).toBe(400);
    expect(team.body.error.field).toBe("name");
    expect(team.body.error.message).toContain("unpaired UTF-16 surrogate");
    const workspace = await api("POST", `${organization}/workspaces`, {
      token,
      body: { name: "\udc00Sales" },
    });
    expect(workspace.status).toBe(400);
    expect(workspace.body.error.field).toBe("name");
    expect(
      await Promise.all([
        services.db.team.count(),
        services.db.workspace.count(),
        services.db.auditEvent.count(),
      ]),
    ).toEqual([teamsBefore, workspacesBefore, auditBefore]);
  });

  it("a well-formed pair (an emoji) is still a valid name", async () => {
    const team = await api("POST", `/organizations/${world.organizationId}/teams`, {
      token,
      body: { name: "Data \ud83d\ude80" },
    });
    expect(team.status).toBe(201);
    expect(team.body.name).toBe("Data 🚀");
  });
});

describe("a forged page cursor", () => {
  it("whose key holds a NUL answers 400 naming the cursor, not 500 (the key reaches PostgreSQL's comparison)", async () => {
    const organization = `/organizations/${world.organizationId}`;
    const forged = (after: string) => Buffer.from(JSON.stringify({ after }), "utf8").toString("base64url");
    for (const path of [
      `${organization}/teams?cursor=${forged("a\u0000")}`,
      `${organization}/workspaces?cursor=${forged("a\u0000")}`,
      `${organization}/users?cursor=${forged("user:\u0000")}`,
      `${workspace}/environment-variables?cursor=${forged("KEY\u0000")}`,
    ]) {
      const answer = await api("GET", path, { token });
      expect({ path, status: answer.status, field: answer.body.error?.field }).toEqual({
        path,
        status: 400,
        field: "cursor",
      });
    }
    // A real cursor still pages.
    await api("POST", `${organization}/teams`, { token, body: { name: "Cursor A" } });
    await api("POST", `${organization}/teams`, { token, body: { name: "Cursor B" } });
    const first = await api("GET", `${organization}/teams?limit=1`, { token });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api("GET", `${organization}/teams?limit=1&cursor=${first.body.nextCursor}`, {
      token,
    });
    expect(second.status).toBe(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });
});

describe("date-times PostgreSQL's timestamp cannot take (year 0000, or a year past 9999 in UTC)", () => {
  // ISO 8601 allows both; Prisma sent them as year 0 or a six-digit year and PostgreSQL refused.
  const yearZero = "0000-01-01T00:00:00Z";
  const pastYear9999 = "9999-12-31T23:59:59-23:59";

  it("filters answer 400 naming the field, not 500", async () => {
    const organization = `/organizations/${world.organizationId}`;
    const deployment = `${organization}/deployments/${world.deploymentId}`;
    for (const [path, field] of [
      [`${organization}/audit-logs?from=${encodeURIComponent(yearZero)}`, "from"],
      [`${organization}/audit-logs?to=${encodeURIComponent("0001-01-01T00:00:00+01:00")}`, "to"],
      [`${deployment}/runs?from=${encodeURIComponent(yearZero)}`, "from"],
      [`${deployment}/runs?to=${encodeURIComponent(pastYear9999)}`, "to"],
    ] as const) {
      const answer = await api("GET", path, { token });
      expect({ path, status: answer.status, field: answer.body.error?.field }).toEqual({
        path,
        status: 400,
        field,
      });
      expect(answer.body.error.message).toContain("between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
    }
    // The edges themselves are fine.
    const edges = await api(
      "GET",
      `${organization}/audit-logs?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z`,
      {
        token,
      },
    );
    expect(edges.status).toBe(200);
  });

  it("an alert muted until such a date answers 400 and creates no rule", async () => {
    const before = await services.db.alertRule.count();
    const answer = await api("POST", `/organizations/${world.organizationId}/alerts`, {
      token,
      body: {
        name: "far mute",
        type: "TELEMETRY_SILENCE",
        workspaceId: world.workspaceId,
        properties: { silenceMinutes: 30 },
        mutedUntil: pastYear9999,
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.field).toBe("mutedUntil");
    expect(await services.db.alertRule.count()).toBe(before);
  });

  it("the same rule holds for a Date through tRPC (the audit filter)", async () => {
    const owner = await callerAs(services, world.actor("organizationOwner"));
    const failure = await owner.audit
      .list({ organizationId: world.organizationId, from: new Date(yearZero) })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(TRPCError);
    expect((failure as TRPCError).code).toBe("BAD_REQUEST");
  });
});

describe("the stateful phase's links (schemathesis reached 44 of 148 operations, none below a deployment)", () => {
  it("a workspace's create links to the creates whose body requires its id, filling workspaceId", async () => {
    const document = (await api("GET", "/openapi.json")).body;
    const links = document.paths["/organizations/{organizationId}/workspaces"].post.responses["201"].links;
    for (const operationId of ["createDeployment", "createAlert", "createReport"]) {
      expect(links[operationId], operationId).toEqual({
        operationId,
        parameters: { "path.organizationId": "$request.path.organizationId" },
        requestBody: { workspaceId: "$response.body#/id" },
      });
    }
    // A create whose body does not take a workspace gets no such link.
    expect(links.createTeam).toBeUndefined();
  });
});

describe("statuses the OpenAPI document did not declare", () => {
  const document = (async () => (await api("GET", "/openapi.json")).body)();
  const declared = async (path: string, method: string) =>
    Object.keys((await document).paths[path][method].responses);

  it("sign-in with a wrong password answers 401, which signIn declares", async () => {
    const person = await signUpOverRest(api, "Grace");
    const answer = await api("POST", "/auth/sessions", {
      headers: { "x-forwarded-for": "198.51.100.77" },
      body: { email: person.email, password: "not the password at all" },
    });
    expect(answer.status).toBe(401);
    expect(await declared("/auth/sessions", "post")).toContain("401");
    expect(await declared("/auth/signup", "post")).toContain("412");
  });

  it("a request line past Node.js's 16 KB header limit answers 431 with no body, which every operation declares", async () => {
    // The production server is node:http with its defaults (apps/web/server.mjs); the parser
    // refuses such a request before any route runs.
    const server = http.createServer((_request, response) => response.end("routed"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const series = encodeURIComponent("\u{10fcb8}".repeat(2000));
      const answer = await fetch(`http://127.0.0.1:${port}/api/v1/metrics?series=${series}`);
      expect(answer.status).toBe(431);
      expect(await answer.text()).toBe("");
    } finally {
      server.close();
    }
    const { paths } = await document;
    const operations = Object.values(paths as Record<string, Record<string, { responses: object }>>).flatMap(
      (methods) => Object.values(methods),
    );
    expect(operations.length).toBeGreaterThan(100);
    for (const operation of operations) {
      expect(operation.responses).toHaveProperty("431");
      expect((operation.responses as Record<string, object>)["431"]).not.toHaveProperty("content");
    }
  });

  it("a replayed API-token creation answers token null, which the 201 schema allows", async () => {
    const path = `/organizations/${world.organizationId}/api-tokens`;
    const headers = { "idempotency-key": "fuzz-replay-1" };
    const body = { name: "replayed", scope: "ORGANIZATION", role: "ORGANIZATION_MEMBER" };
    expect((await api("POST", path, { token, headers, body })).body.token).toMatch(/^skp_/);
    const replay = await api("POST", path, { token, headers, body });
    expect(replay.status).toBe(201);
    expect(replay.body.token).toBeNull();
    const created = (await document).paths["/organizations/{organizationId}/api-tokens"].post.responses[
      "201"
    ];
    const shown = created.content["application/json"].schema.properties.token;
    expect(shown.anyOf).toEqual(
      expect.arrayContaining([{ type: "null" }, expect.objectContaining({ type: "string" })]),
    );
  });

  it("the bundle sync answers 401 without a bundle credential, which both operations declare", async () => {
    const current = await api("GET", "/runtime/bundle", { token });
    expect(current.status).toBe(401);
    const bytes = await api("GET", `/runtime/bundle/${"0".repeat(64)}`, { token });
    expect(bytes.status).toBe(401);
    expect(await declared("/runtime/bundle", "get")).toEqual(expect.arrayContaining(["200", "204", "401"]));
    expect(await declared("/runtime/bundle/{sha256}", "get")).toContain("401");
    const unauthorized = (await document).paths["/runtime/bundle"].get.responses["401"];
    expect(unauthorized.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
  });
});

describe("the NUL character through tRPC (the same rule as REST)", () => {
  it("is refused with BAD_REQUEST naming the field, and nothing is written", async () => {
    const owner = await callerAs(services, world.actor("organizationOwner"));
    const before = await services.db.workspace.count();
    const failure = await owner.workspace
      .create({ organizationId: world.organizationId, name: "sales\u0000" })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TRPCError);
    expect((failure as TRPCError).code).toBe("BAD_REQUEST");
    expect((failure as TRPCError).message).toContain("NUL character");
    expect((failure as TRPCError).message).toMatch(/^name\b/);
    expect(await services.db.workspace.count()).toBe(before);
  });
});

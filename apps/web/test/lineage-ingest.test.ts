// POST /api/v1/lineage and /lineage/batch through the real route handler: ingest-token auth
// (the tenant comes from the token alone), limits, schema errors naming JSON pointers, the
// batch answer of the OpenLineage spec, duplicates stored once, and derivation requested.
// Every case runs twice: through the Next.js route (a Web Request) and through the node:http
// route the production server serves these paths with (src/server/lineage/node.ts).
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { generateApiTokenSecret, rotateIngestToken } from "@skyport/domain";
import { jobs } from "@skyport/queue";
import { buildWorld, newDeployment } from "@skyport/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "../app/api/v1/[[...path]]/route.ts";
import { configureLineageRateLimit } from "../src/server/lineage/ingest.ts";
import { nodeRoutes } from "../src/server/lineage/node.ts";
import { createTestServices, serveRoutesWith } from "./support.ts";

const services = await createTestServices();
const { db } = services;
serveRoutesWith(services);
const world = await buildWorld(db);
const { organizationId, deploymentId } = world;

const ctx = {
  db,
  actor: world.actor("organizationOwner"),
  context: { ip: null, userAgent: "vitest", requestId: "t" },
};

/** A second deployment of the same organization, with its own token. */
const other = await newDeployment(db, world, "other");
const { token } = await rotateIngestToken(ctx, { organizationId, deploymentId }, services);
const { token: otherToken } = await rotateIngestToken(
  ctx,
  {
    organizationId,
    deploymentId: other.deploymentId,
  },
  services,
);

function event(overrides: Record<string, unknown> = {}) {
  return {
    eventType: "START",
    eventTime: new Date().toISOString(),
    producer: "https://github.com/apache/airflow/tree/providers-openlineage/2.10.0",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    run: { runId: randomUUID() },
    job: { namespace: "default", name: "etl_dag" },
    ...overrides,
  };
}

/** The ingest paths on node:http as apps/web/server.mjs serves them; anything else is a 404 here. */
const routes = nodeRoutes(services);
const nodeServer = http.createServer((request, response) => {
  if (routes(request, response)) return;
  response.writeHead(404);
  response.end();
});
await new Promise<void>((resolve) => nodeServer.listen(0, "127.0.0.1", resolve));
afterAll(() => new Promise<void>((resolve) => nodeServer.close(() => resolve())));

type Transport = "Next.js route" | "node:http";
let transport: Transport = "Next.js route";

async function send(
  path: "/lineage" | "/lineage/batch",
  body: unknown,
  options: {
    token?: string | null;
    gzip?: boolean;
    raw?: Uint8Array | string;
    headers?: Record<string, string>;
  } = {},
) {
  const headers = new Headers({ "content-type": "application/json", ...options.headers });
  const bearer = options.token === undefined ? token : options.token;
  if (bearer) headers.set("authorization", `Bearer ${bearer}`);
  let payload: Uint8Array | string = options.raw ?? JSON.stringify(body);
  if (options.gzip) {
    payload = gzipSync(payload);
    headers.set("content-encoding", "gzip");
  }
  let response: Response;
  if (transport === "node:http") {
    const { port } = nodeServer.address() as AddressInfo;
    response = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
      method: "POST",
      headers,
      body: payload as BodyInit,
    });
  } else {
    const url = new URL(`/api/v1${path}`, "http://localhost:3000");
    response = await POST(new Request(url, { method: "POST", headers, body: payload as BodyInit }), {
      params: Promise.resolve({ path: url.pathname.split("/").filter(Boolean).slice(2) }),
    });
  }
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    // biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field.
    body: (text ? JSON.parse(text) : null) as any,
  };
}

const rawCount = (id = deploymentId) => db.lineageEvent.count({ where: { deploymentId: id } });
const allRaw = () => db.lineageEvent.count();

describe.each<Transport>(["Next.js route", "node:http"])("over the %s", (over) => {
  beforeAll(() => {
    transport = over;
  });

  describe("POST /api/v1/lineage", () => {
    it("stores an event for the token's deployment, once however often it is sent", async () => {
      const before = await rawCount();
      const sent = event();
      const first = await send("/lineage", sent);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ status: "success", duplicate: false });
      const again = await send("/lineage", sent, { gzip: true });
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ status: "success", duplicate: true });
      expect(await rawCount()).toBe(before + 1);
      const row = await db.lineageEvent.findFirstOrThrow({ where: { runId: sent.run.runId } });
      expect(row).toMatchObject({ organizationId, deploymentId, eventType: "START", jobName: "etl_dag" });
      // Derivation is requested, not awaited.
      const queued = await services.jobs.queue("telemetry").getJobs(["waiting", "delayed", "prioritized"]);
      expect(
        queued.some((job) => job.name === jobs.lineageDerive.name && job.data.deploymentId === deploymentId),
      ).toBe(true);
    });

    it("refuses every token but the deployment's current ingest token, and stores nothing", async () => {
      const { secret: apiToken, prefix, secretHash } = generateApiTokenSecret();
      await db.apiToken.create({
        data: {
          organizationId,
          scope: "ORGANIZATION",
          role: "ORGANIZATION_OWNER",
          name: "api",
          prefix,
          secretHash,
        },
      });
      const rotated = await rotateIngestToken(
        ctx,
        { organizationId, deploymentId: other.deploymentId },
        services,
      );
      const before = await allRaw();
      for (const bearer of [null, apiToken, otherToken, "skl_not-a-token", `${token}x`]) {
        const answer = await send("/lineage", event(), { token: bearer });
        expect(answer.status, String(bearer)).toBe(401);
        expect(answer.body.error.code).toBe("UNAUTHORIZED");
        expect(answer.headers.get("www-authenticate")).toContain("Bearer");
      }
      expect(await allRaw()).toBe(before);
      // The other deployment's new token writes to the other deployment only.
      const sent = event();
      expect((await send("/lineage", sent, { token: rotated.token })).status).toBe(200);
      expect(
        await db.lineageEvent.count({ where: { runId: sent.run.runId, deploymentId: other.deploymentId } }),
      ).toBe(1);
      expect(await db.lineageEvent.count({ where: { runId: sent.run.runId, deploymentId } })).toBe(0);
    });

    it("refuses a deleted deployment's token", async () => {
      const gone = await newDeployment(db, world);
      const { token: goneToken } = await rotateIngestToken(
        ctx,
        {
          organizationId,
          deploymentId: gone.deploymentId,
        },
        services,
      );
      await db.deployment.update({
        where: { id: gone.deploymentId },
        data: { deletedAt: new Date(), status: "DELETED" },
      });
      expect((await send("/lineage", event(), { token: goneToken })).status).toBe(401);
      expect(await rawCount(gone.deploymentId)).toBe(0);
    });

    it("names the JSON pointer of every problem of a schema-invalid event and stores nothing", async () => {
      const before = await allRaw();
      const answer = await send("/lineage", {
        ...event(),
        run: { runId: "not-a-uuid" },
        eventTime: undefined,
        job: { namespace: "default" },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error.field).toBe("/eventTime");
      expect(Object.keys(answer.body.error.fieldErrors).sort()).toEqual([
        "/eventTime",
        "/job/name",
        "/run/runId",
      ]);
      expect(answer.body.error.message).toContain("/run/runId must be a valid uuid");
      expect(await allRaw()).toBe(before);
    });

    it("checks a standard facet against its own schema, by either schema URL form", async () => {
      const facet = (form: string) => ({
        errorMessage: {
          _producer: "https://example.com/producer",
          _schemaURL: `https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/${form}/ErrorMessageRunFacet`,
          message: "boom",
        },
      });
      for (const form of ["$defs", "definitions"]) {
        const answer = await send(
          "/lineage",
          event({ eventType: "FAIL", run: { runId: randomUUID(), facets: facet(form) } }),
        );
        expect(answer.status, form).toBe(400);
        expect(answer.body.error.field).toBe("/run/facets/errorMessage/programmingLanguage");
      }
    });

    it("answers malformed JSON, a bad gzip body and an unknown encoding with 4xx", async () => {
      const malformed = await send("/lineage", null, { raw: '{"eventType": "START",' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toMatch(/not valid JSON/);
      const badGzip = await send("/lineage", null, { raw: "plain", headers: { "content-encoding": "gzip" } });
      expect(badGzip.status).toBe(400);
      expect(badGzip.body.error.message).toMatch(/not valid gzip/);
      const brotli = await send("/lineage", event(), { headers: { "content-encoding": "br" } });
      expect(brotli.status).toBe(415);
    });

    it("refuses a zip bomb and an oversized event with 413 and stores nothing", async () => {
      const before = await allRaw();
      // 64 MiB of zeros gzip to about 64 KiB: small on the wire, refused once inflated past the limit.
      const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
      expect(bomb.byteLength).toBeLessThan(1024 * 1024);
      const answer = await send("/lineage", null, { raw: bomb, headers: { "content-encoding": "gzip" } });
      expect(answer.status).toBe(413);
      expect(answer.body.error.code).toBe("PAYLOAD_TOO_LARGE");
      const huge = event({ job: { namespace: "default", name: "x".repeat(3 * 1024 * 1024) } });
      expect((await send("/lineage", huge)).status).toBe(413);
      expect(await allRaw()).toBe(before);
    });

    it("refuses text PostgreSQL cannot store (NUL, unpaired surrogates) with 400, not 500", async () => {
      const before = await allRaw();
      const nul = await send("/lineage", null, {
        raw: JSON.stringify(event({ job: { namespace: "default", name: "a\u0000b" } })),
      });
      expect(nul.status).toBe(400);
      expect(nul.body.error.field).toBe("/job/name");
      const surrogate = await send("/lineage", null, {
        raw: JSON.stringify(event()).replace('"etl_dag"', '"etl\\ud800"'),
      });
      expect(surrogate.status).toBe(400);
      expect(surrogate.body.error.field).toBe("/job/name");
      expect(await allRaw()).toBe(before);
    });

    it("echoes an acceptable request id, on answers and refusals alike", async () => {
      const stored = await send("/lineage", event(), { headers: { "x-request-id": "trace-0123456789" } });
      expect(stored.headers.get("x-request-id")).toBe("trace-0123456789");
      const refused = await send("/lineage", event(), {
        token: null,
        headers: { "x-request-id": "trace-9876543210" },
      });
      expect(refused.headers.get("x-request-id")).toBe("trace-9876543210");
      expect(refused.body.error.requestId).toBe("trace-9876543210");
    });

    it("sends arrays to the batch endpoint", async () => {
      const answer = await send("/lineage", [event()]);
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toMatch(/lineage\/batch/);
    });
  });

  describe("POST /api/v1/lineage/batch", () => {
    it("stores the valid events and reports the others as the OpenLineage batch answer says", async () => {
      const good = [event(), event({ eventType: "COMPLETE" })];
      const answer = await send("/lineage/batch", [good[0], { ...event(), producer: 42 }, good[1]], {
        gzip: true,
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        status: "partial_success",
        summary: { received: 3, successful: 2, failed: 1, retriable: 0, non_retriable: 1 },
        failed_events: [{ index: 1, reason: "/1/producer must be string", retriable: false }],
      });
      for (const sent of good)
        expect(await db.lineageEvent.count({ where: { runId: sent.run.runId } })).toBe(1);
      const all = await send("/lineage/batch", good);
      expect(all.body).toMatchObject({
        status: "success",
        summary: { received: 2, successful: 2, failed: 0 },
      });
    });

    it("answers 400 naming every pointer when no event is valid, and refuses a non-array", async () => {
      const answer = await send("/lineage/batch", [{ eventType: "START" }, { ...event(), run: {} }]);
      expect(answer.status).toBe(400);
      expect(answer.body.error.fieldErrors).toHaveProperty(["/0/eventTime"]);
      expect(answer.body.error.fieldErrors).toHaveProperty(["/1/run/runId"]);
      expect((await send("/lineage/batch", event())).status).toBe(400);
      expect((await send("/lineage/batch", [])).status).toBe(400);
    });

    it("answers 429 with Retry-After once a deployment passes its rate limit", async () => {
      configureLineageRateLimit(services, { events: 5, windowSeconds: 60 });
      try {
        // A deployment of its own: its budget of the minute is spent by this case alone.
        const limited = await newDeployment(db, world);
        const before = await rawCount(limited.deploymentId);
        const rotated = await rotateIngestToken(
          ctx,
          { organizationId, deploymentId: limited.deploymentId },
          services,
        );
        const first = await send("/lineage/batch", [event(), event(), event(), event()], {
          token: rotated.token,
        });
        expect(first.status).toBe(200);
        const refused = await send("/lineage/batch", [event(), event()], { token: rotated.token });
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(await rawCount(limited.deploymentId)).toBe(before + 4);
        // Another deployment has its own budget.
        const third = await newDeployment(db, world);
        const thirdToken = await rotateIngestToken(
          ctx,
          { organizationId, deploymentId: third.deploymentId },
          services,
        );
        expect((await send("/lineage", event(), { token: thirdToken.token })).status).toBe(200);
      } finally {
        configureLineageRateLimit(services, { events: 5_000, windowSeconds: 1 });
      }
    });

    it("judges concurrent requests one by one: exactly the events within the limit are stored", async () => {
      configureLineageRateLimit(services, { events: 5, windowSeconds: 60 });
      try {
        const burst = await newDeployment(db, world);
        const burstToken = await rotateIngestToken(
          ctx,
          { organizationId, deploymentId: burst.deploymentId },
          services,
        );
        // Sent together, so they are charged together; whichever arrive first, 5 pass and 3 do not.
        const answers = await Promise.all(
          Array.from({ length: 8 }, () => send("/lineage", event(), { token: burstToken.token })),
        );
        const statuses = answers.map((answer) => answer.status).sort();
        expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
        expect(await rawCount(burst.deploymentId)).toBe(5);
      } finally {
        configureLineageRateLimit(services, { events: 5_000, windowSeconds: 1 });
      }
    });
  });
});

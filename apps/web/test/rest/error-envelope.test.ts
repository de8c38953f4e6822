// One error envelope for every HTTP surface: REST, the tRPC endpoint's HTTP-level failures
// and overload. (The Clerk webhook's and the audit export's envelopes are checked in their own
// files.) A body over the shared limit is 413 everywhere, and a saturated database pool is a
// 503 with Retry-After, never a 500.
import { createDatabaseClient } from "@skyport/db";
import { afterAll, describe, expect, it } from "vitest";
import { POST as trpcPost } from "../../app/api/trpc/[trpc]/route.ts";
import { MAX_BODY_BYTES } from "../../src/server/http-errors.ts";
import { createTestServices } from "../support.ts";
import { restClient, signUpOverRest } from "./support.ts";

const services = await createTestServices();
const api = restClient(services);

/** A JSON body of about 60 MB, valid all the way through. */
const SIXTY_MB = JSON.stringify({ json: { email: "a@example.com", password: "x".repeat(60 * 1024 * 1024) } });

interface Envelope {
  error: { code: string; message: string; field?: string; requestId: string };
}

function trpcRequest(procedure: string, body: string) {
  return trpcPost(
    new Request(`http://localhost:3000/api/trpc/${procedure}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    }),
    { params: Promise.resolve({ trpc: procedure }) },
  );
}

describe("a body over the shared limit", () => {
  it("gets 413 from tRPC in the shared envelope, not 400 'not valid JSON'", async () => {
    const response = await trpcRequest("auth.signIn", SIXTY_MB);
    expect(response.status).toBe(413);
    const body = (await response.json()) as Envelope;
    expect(body.error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(body.error.message).toBe(`the request body is larger than 1 MiB (${MAX_BODY_BYTES} bytes)`);
    expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
  });

  it("gets the same 413 and message from REST", async () => {
    const ada = await signUpOverRest(api);
    const answer = await api("POST", `/organizations/${ada.organizationId}/workspaces`, {
      token: ada.token,
      rawBody: SIXTY_MB,
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error).toEqual({
      code: "PAYLOAD_TOO_LARGE",
      message: `the request body is larger than 1 MiB (${MAX_BODY_BYTES} bytes)`,
      requestId: answer.headers.get("x-request-id"),
    });
    expect(await services.db.workspace.count({ where: { organizationId: ada.organizationId } })).toBe(0);
  });

  it("still lets a body under the limit through tRPC", async () => {
    const response = await trpcRequest(
      "auth.signIn",
      JSON.stringify({ json: { email: "nobody@example.com", password: "not the password at all" } }),
    );
    expect(response.status).toBe(401);
  });
});

describe("a saturated database pool", () => {
  // One connection, given up on quickly: the test holds it, so every other query must wait.
  const tight = createDatabaseClient(services.config.DATABASE_URL, {
    maxConnections: 1,
    connectionTimeoutMs: 300,
  });
  afterAll(() => tight.$disconnect());

  it("answers REST 503 with Retry-After in the shared envelope, not 500", async () => {
    const ada = await signUpOverRest(api);
    const busy = restClient({ ...services, db: tight });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = () => {};
    const isHolding = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const holder = tight.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT 1`;
        holding();
        await held;
      },
      { timeout: 20_000, maxWait: 20_000 },
    );
    try {
      await isHolding;
      const answer = await busy("GET", `/organizations/${ada.organizationId}/workspaces`, {
        token: ada.token,
      });
      expect(answer.status, answer.text).toBe(503);
      expect(answer.headers.get("retry-after")).toBe("1");
      expect(answer.body.error).toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        requestId: answer.headers.get("x-request-id"),
      });
    } finally {
      release();
      await holder;
      restClient(services); // route handlers back on the file's own services
    }
  });
});

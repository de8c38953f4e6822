// The public REST API end to end through its route handler: sessions and API tokens, the
// tenancy of every resource, JSON errors with their fields, pagination and idempotent creates.
import { runtimeCatalog } from "@skyport/domain";
import { describe, expect, it } from "vitest";
import { POST as trpcPost } from "../../app/api/trpc/[trpc]/route.ts";
import { createTestServices } from "../support.ts";
import { restClient, signUpOverRest } from "./support.ts";

const services = await createTestServices();
const api = restClient(services);

const SPEC = { runtimeVersion: "3.3.1", executor: "CELERY" };
const DEFAULT_RUNTIME_VERSION = runtimeCatalog().defaultRuntimeVersion;

async function workspaceOf(token: string, organizationId: string, name = "Analytics") {
  const answer = await api("POST", `/organizations/${organizationId}/workspaces`, { token, body: { name } });
  expect(answer.status).toBe(201);
  return answer.body.id as string;
}

async function tokenFor(token: string, organizationId: string, body: Record<string, unknown>) {
  const answer = await api("POST", `/organizations/${organizationId}/api-tokens`, {
    token,
    body: { name: "ci", ...body },
  });
  expect(answer.status, answer.text).toBe(201);
  return answer.body.token as string;
}

/** Ada signed up over REST, a workspace of hers, and a token with this role on it. */
async function adaWithWorkspaceToken(role: string) {
  const ada = await signUpOverRest(api);
  const workspaceId = await workspaceOf(ada.token, ada.organizationId);
  const token = await tokenFor(ada.token, ada.organizationId, { scope: "WORKSPACE", workspaceId, role });
  return { ada, workspaceId, token };
}

describe("REST API: sessions", () => {
  it("signs up, answers whoami with the session token, signs out and refuses the token afterwards", async () => {
    const ada = await signUpOverRest(api);
    const me = await api("GET", "/me", { token: ada.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ type: "user", user: { email: ada.email } });

    const orgs = await api("GET", "/organizations", { token: ada.token });
    expect(orgs.body.items.map((o: { id: string }) => o.id)).toEqual([ada.organizationId]);

    const login = await api("POST", "/auth/sessions", {
      body: { email: ada.email, password: "correct horse battery staple" },
    });
    expect(login.status).toBe(201);
    expect(login.body.sessionToken).toMatch(/\./);

    expect((await api("DELETE", "/auth/session", { token: login.body.sessionToken })).status).toBe(204);
    const after = await api("GET", "/me", { token: login.body.sessionToken });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("UNAUTHORIZED");
    // The other session is untouched.
    expect((await api("GET", "/me", { token: ada.token })).status).toBe(200);
  });

  it("refuses a wrong password, a forged session token and anonymous calls with 401", async () => {
    const ada = await signUpOverRest(api);
    const wrong = await api("POST", "/auth/sessions", {
      body: { email: ada.email, password: "not the password!!" },
    });
    expect(wrong.status).toBe(401);
    const forged = await api("GET", "/me", { token: `${ada.token.split(".")[0]}.forgedsignature` });
    expect(forged.status).toBe(401);
    const anonymous = await api("GET", `/organizations/${ada.organizationId}/workspaces`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.message).toMatch(/API token/);
  });
});

describe("REST API: deployments with an API token", () => {
  it("creates, reads, lists, updates and deletes a deployment, with worker queues", async () => {
    const { ada, workspaceId, token } = await adaWithWorkspaceToken("WORKSPACE_OPERATOR");
    const base = `/organizations/${ada.organizationId}/deployments`;

    const created = await api("POST", base, { token, body: { workspaceId, name: "etl", spec: SPEC } });
    expect(created.status, created.text).toBe(201);
    const deployment = created.body.deployment;
    expect(deployment).toMatchObject({ name: "etl", organizationId: ada.organizationId, status: "CREATING" });
    expect(typeof deployment.createdAt).toBe("string");

    const listed = await api("GET", `${base}?workspaceId=${workspaceId}`, { token });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual([deployment.id]);
    expect(listed.body.nextCursor).toBeNull();

    const got = await api("GET", `${base}/${deployment.id}`, { token });
    expect(got.body.spec.workerQueues.map((q: { name: string }) => q.name)).toEqual(["default"]);

    const queue = await api("POST", `${base}/${deployment.id}/worker-queues`, {
      token,
      body: { name: "ml", workerSize: "L", maxWorkers: 4 },
    });
    expect(queue.status, queue.text).toBe(201);
    const queues = await api("GET", `${base}/${deployment.id}/worker-queues`, { token });
    expect(queues.body.items.map((q: { name: string }) => q.name)).toEqual(["default", "ml"]);
    const patchedQueue = await api("PATCH", `${base}/${deployment.id}/worker-queues/ml`, {
      token,
      body: { maxWorkers: 6 },
    });
    expect(patchedQueue.status).toBe(200);
    expect((await api("DELETE", `${base}/${deployment.id}/worker-queues/ml`, { token })).status).toBe(200);

    const updated = await api("PATCH", `${base}/${deployment.id}`, {
      token,
      body: { description: "Nightly ETL" },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.deployment.description).toBe("Nightly ETL");

    const deleted = await api("DELETE", `${base}/${deployment.id}`, { token });
    expect(deleted.status).toBe(202);
    expect(deleted.body.deployment.status).toBe("DELETING");
  });

  it("refuses a WORKSPACE_MEMBER token with 403 naming why, and another organization's token with 404", async () => {
    const { ada, workspaceId, token: member } = await adaWithWorkspaceToken("WORKSPACE_MEMBER");
    const refused = await api("POST", `/organizations/${ada.organizationId}/deployments`, {
      token: member,
      body: { workspaceId, name: "etl", spec: SPEC },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("FORBIDDEN");
    expect(refused.body.error.message).toMatch(/WORKSPACE_OPERATOR|role/);
    expect(await services.db.deployment.count({ where: { workspaceId } })).toBe(0);

    const bob = await signUpOverRest(api, "Bob");
    const foreign = await tokenFor(bob.token, bob.organizationId, {
      scope: "ORGANIZATION",
      role: "ORGANIZATION_OWNER",
    });
    const crossTenant = await api("GET", `/organizations/${ada.organizationId}/workspaces/${workspaceId}`, {
      token: foreign,
    });
    expect(crossTenant.status).toBe(404);
    const missing = await api("GET", `/organizations/${ada.organizationId}/workspaces/nope`, {
      token: ada.token,
    });
    expect(missing.status).toBe(404);
    // A foreign id answers exactly like a missing one.
    expect(crossTenant.body.error.message.replace(ada.organizationId, "X")).toBe(
      (
        await api("GET", `/organizations/nope/workspaces/${workspaceId}`, { token: foreign })
      ).body.error.message.replace("nope", "X"),
    );
  });
});

describe("REST API: errors", () => {
  it("names the field of invalid input, refuses unknown fields and malformed JSON, writes nothing", async () => {
    const ada = await signUpOverRest(api);
    const workspaceId = await workspaceOf(ada.token, ada.organizationId);
    const base = `/organizations/${ada.organizationId}/deployments`;

    const badSpec = await api("POST", base, {
      token: ada.token,
      body: { workspaceId, name: "etl", spec: { runtimeVersion: "1.0", executor: "CELERY" } },
    });
    expect(badSpec.status).toBe(400);
    expect(badSpec.body.error).toMatchObject({ code: "BAD_REQUEST", field: "spec.runtimeVersion" });

    const unknown = await api("POST", base, {
      token: ada.token,
      body: { workspaceId, name: "etl", spec: SPEC, nmae: 1 },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe("nmae");

    const wrongType = await api("POST", base, {
      token: ada.token,
      body: { workspaceId, name: 42, spec: SPEC },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.field).toBe("name");

    const malformed = await api("POST", base, { token: ada.token, rawBody: '{"value": hunter2-secret' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/not valid JSON/);
    // The parser's own message quotes the body around the error; bodies carry secrets.
    expect(malformed.text).not.toContain("hunter2");

    const pathInBody = await api("POST", base, {
      token: ada.token,
      body: { organizationId: "other", workspaceId, name: "etl", spec: SPEC },
    });
    expect(pathInBody.status).toBe(400);
    expect(pathInBody.body.error.field).toBe("organizationId");

    expect(await services.db.deployment.count({ where: { workspaceId } })).toBe(0);
  });

  it("names each field once, in the person's words, and reports every problem of a spec at once", async () => {
    const ada = await signUpOverRest(api);
    const workspaceId = await workspaceOf(ada.token, ada.organizationId);
    const answer = await api("POST", `/organizations/${ada.organizationId}/deployments`, {
      token: ada.token,
      body: {
        workspaceId,
        name: "etl",
        spec: { executor: "PARALLEL", workerQueues: [{ name: "default" }, { name: "default" }] },
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fieldErrors).toEqual({
      "spec.executor": ["executor must be one of CELERY, KUBERNETES"],
      "spec.workerQueues.1.name": ["Worker queue 2: name `default` is already used by worker queue 1"],
    });
    expect(answer.body.error.message).toBe(
      "executor must be one of CELERY, KUBERNETES; Worker queue 2: name `default` is already used by worker queue 1",
    );
  });

  it("creates a deployment on the catalog's default runtime when spec.runtimeVersion is left out", async () => {
    const ada = await signUpOverRest(api);
    const workspaceId = await workspaceOf(ada.token, ada.organizationId);
    const answer = await api("POST", `/organizations/${ada.organizationId}/deployments`, {
      token: ada.token,
      body: { workspaceId, name: "etl", spec: { executor: "CELERY" } },
    });
    expect(answer.status, answer.text).toBe(201);
    expect(answer.body.deployment.spec.runtimeVersion).toBe(DEFAULT_RUNTIME_VERSION);
    const document = await api("GET", "/openapi.json", {});
    const create = document.body.paths["/organizations/{organizationId}/deployments"].post;
    const spec = create.requestBody.content["application/json"].schema.properties.spec;
    expect(spec.properties.runtimeVersion.default).toBe(DEFAULT_RUNTIME_VERSION);
    expect(spec.required ?? []).not.toContain("runtimeVersion");
  });

  it("never echoes a malformed tRPC body either", async () => {
    const response = await trpcPost(
      new Request("http://localhost:3000/api/trpc/auth.signIn", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"json": {"email": "a@example.com", "password": hunter2-secret',
      }),
      { params: Promise.resolve({ trpc: "auth.signIn" }) },
    );
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).toContain("not valid JSON");
    expect(text).not.toContain("hunter2");
  });

  it("answers unknown operations 404 and wrong methods 405 with Allow", async () => {
    const ada = await signUpOverRest(api);
    const unknown = await api("GET", "/nothing-here", { token: ada.token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/openapi\.json/);
    const wrongMethod = await api("PUT", `/organizations/${ada.organizationId}/workspaces`, {
      token: ada.token,
      body: {},
    });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toContain("POST");
  });
});

describe("REST API: pagination", () => {
  it("pages through a list in creation order with opaque cursors", async () => {
    const ada = await signUpOverRest(api);
    const ids: string[] = [];
    for (const name of ["A", "B", "C", "D", "E"])
      ids.push(await workspaceOf(ada.token, ada.organizationId, name));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const page = await api("GET", `/organizations/${ada.organizationId}/workspaces${query}`, {
        token: ada.token,
      });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((w: { id: string }) => w.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].sort());

    const badLimit = await api("GET", `/organizations/${ada.organizationId}/workspaces?limit=0`, {
      token: ada.token,
    });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.field).toBe("limit");
    const badCursor = await api("GET", `/organizations/${ada.organizationId}/workspaces?cursor=!!`, {
      token: ada.token,
    });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.field).toBe("cursor");
  });
});

describe("REST API: deployments across workspaces", () => {
  it("lists every readable workspace's deployments without workspaceId, each naming its workspace, paged", async () => {
    const ada = await signUpOverRest(api);
    const analytics = await workspaceOf(ada.token, ada.organizationId, "Analytics");
    const billing = await workspaceOf(ada.token, ada.organizationId, "Billing");
    const base = `/organizations/${ada.organizationId}/deployments`;
    for (const [workspaceId, name] of [
      [analytics, "etl"],
      [billing, "invoices"],
      [analytics, "reports"],
    ] as const) {
      const created = await api("POST", base, { token: ada.token, body: { workspaceId, name, spec: SPEC } });
      expect(created.status, created.text).toBe(201);
    }

    // Before: 400 with raw zod text; now the organization-wide list, one page at a time.
    const seen: { name: string; workspaceId: string; workspaceName: string }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
      const page = await api("GET", `${base}${query}`, { token: ada.token });
      expect(page.status, page.text).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.map((d) => `${d.name}@${d.workspaceName}`).sort()).toEqual([
      "etl@Analytics",
      "invoices@Billing",
      "reports@Analytics",
    ]);
    expect(seen.find((d) => d.name === "invoices")?.workspaceId).toBe(billing);

    // A workspace token sees its own workspace only; an organization member token none.
    const billingToken = await tokenFor(ada.token, ada.organizationId, {
      scope: "WORKSPACE",
      workspaceId: billing,
      role: "WORKSPACE_MEMBER",
    });
    const mine = await api("GET", base, { token: billingToken });
    expect(mine.body.items.map((d: { name: string }) => d.name)).toEqual(["invoices"]);
    const memberToken = await tokenFor(ada.token, ada.organizationId, {
      scope: "ORGANIZATION",
      role: "ORGANIZATION_MEMBER",
    });
    const none = await api("GET", base, { token: memberToken });
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ items: [], nextCursor: null });

    // Another organization's caller: not found, as for a missing id.
    const bob = await signUpOverRest(api);
    expect((await api("GET", base, { token: bob.token })).status).toBe(404);
  });
});

describe("REST API: Idempotency-Key", () => {
  it("replays the first answer for the same key and body, and refuses a different body with 409", async () => {
    const ada = await signUpOverRest(api);
    const path = `/organizations/${ada.organizationId}/workspaces`;
    const headers = { "idempotency-key": "create-analytics-1" };
    const first = await api("POST", path, { token: ada.token, headers, body: { name: "Analytics" } });
    const again = await api("POST", path, { token: ada.token, headers, body: { name: "Analytics" } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await services.db.workspace.count({ where: { organizationId: ada.organizationId } })).toBe(1);

    const different = await api("POST", path, { token: ada.token, headers, body: { name: "Marketing" } });
    expect(different.status).toBe(409);
    expect(different.body.error.field).toBe("Idempotency-Key");

    // Keys belong to their caller: someone else's identical key is a new request.
    const bob = await signUpOverRest(api, "Bob");
    const bobs = await api("POST", `/organizations/${bob.organizationId}/workspaces`, {
      token: bob.token,
      headers,
      body: { name: "Analytics" },
    });
    expect(bobs.status).toBe(201);
    expect(bobs.headers.get("idempotent-replayed")).toBeNull();
  });

  it("lets a failed request be retried with the same key, and never stores a token's secret", async () => {
    const ada = await signUpOverRest(api);
    const path = `/organizations/${ada.organizationId}/workspaces`;
    const headers = { "idempotency-key": "retry-me" };
    await api("POST", path, { token: ada.token, body: { name: "Taken" } });
    const failed = await api("POST", path, { token: ada.token, headers, body: { name: "Taken" } });
    expect(failed.status).toBe(409);
    await api(
      "DELETE",
      `${path}/${(await services.db.workspace.findFirstOrThrow({ where: { name: "Taken", organizationId: ada.organizationId } })).id}`,
      {
        token: ada.token,
      },
    );
    const retried = await api("POST", path, { token: ada.token, headers, body: { name: "Taken" } });
    expect(retried.status).toBe(201);

    const tokenPath = `/organizations/${ada.organizationId}/api-tokens`;
    const tokenHeaders = { "idempotency-key": "token-1" };
    const body = { name: "ci", scope: "ORGANIZATION", role: "ORGANIZATION_MEMBER" };
    const minted = await api("POST", tokenPath, { token: ada.token, headers: tokenHeaders, body });
    expect(minted.body.token).toMatch(/^skp_/);
    const replay = await api("POST", tokenPath, { token: ada.token, headers: tokenHeaders, body });
    expect(replay.status).toBe(201);
    expect(replay.body.token).toBeNull();
    expect(replay.body.apiToken.id).toBe(minted.body.apiToken.id);
    const stored = await services.db.idempotencyKey.findMany();
    expect(JSON.stringify(stored)).not.toContain(minted.body.token);
  });
});

// Environment variables, Airflow connections and variables through tRPC: field errors in
// data.fieldErrors over the real HTTP route (import lines, a malformed URI), conflicts naming
// their field, secrets absent from every answer, names only for members, what a deployment
// receives, and reconcile jobs queued after a change.
import { jobs } from "@skyport/queue";
import { buildWorld, type World } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { GET as trpcGet } from "../app/api/trpc/[trpc]/route.ts";
import { callerAs, createTestServices, deploymentOwner, serveRoutesWith } from "./support.ts";
import { apiToken, postOverHttp, trpcError } from "./trpc-http.ts";

const services = await createTestServices();
const { db } = services;
serveRoutesWith(services);

const secret = () => `canary-${Math.random().toString(36).slice(2)}-${Date.now()}`;

function authorToken(world: World): Promise<string> {
  const { organizationId, workspaceId } = world;
  return apiToken(
    db,
    { organizationId, scope: "WORKSPACE", workspaceId, role: "WORKSPACE_AUTHOR" },
    "environment test",
  );
}

/** A query over HTTP (GET with the input in the query string), answering the raw body. */
async function getOverHttp(path: string, token: string, input: unknown): Promise<string> {
  const query = encodeURIComponent(JSON.stringify({ json: input }));
  const response = await trpcGet(
    new Request(`http://localhost:3000/api/trpc/${path}?input=${query}`, {
      headers: { authorization: `Bearer ${token}` },
    }),
    { params: Promise.resolve({ trpc: path }) },
  );
  expect(response.status).toBe(200);
  return response.text();
}

async function reconcileJobsFor(deploymentId: string): Promise<number> {
  const queued = await services.jobs.queue("provisioning").getJobs(["waiting", "delayed", "prioritized"]);
  return queued.filter(
    (job) =>
      job.name === jobs.deploymentReconcile.name &&
      (job.data as { deploymentId: string }).deploymentId === deploymentId,
  ).length;
}

describe("environment procedures over HTTP", () => {
  it("an import with bad lines answers 400 naming each line's field, and writes nothing", async () => {
    const world = await buildWorld(db);
    const token = await authorToken(world);
    const before = await db.environmentVariable.count();
    const refused = await postOverHttp("environmentVariable.import", token, {
      owner: deploymentOwner(world),
      text: "GOOD=1\nAIRFLOW__CORE__FERNET_KEY=x\nnot a line\n",
    });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.error?.data.fieldErrors ?? {}).sort()).toEqual(["lines.2.key", "lines.3"]);
    expect(refused.error?.data.fieldErrors?.["lines.2.key"]?.[0]).toContain("is a platform-held secret");
    expect(await db.environmentVariable.count()).toBe(before);
  });

  it("a malformed connection URI is a 400 on uri, which never echoes the password", async () => {
    const world = await buildWorld(db);
    const token = await authorToken(world);
    const refused = await postOverHttp("airflowConnection.create", token, {
      owner: deploymentOwner(world),
      connectionId: "warehouse",
      uri: "postgres://etl:hunter2-secret#@db:5432/x",
    });
    expect(refused.status).toBe(400);
    expect(refused.error?.data.field).toBe("uri");
    expect(refused.text).not.toContain("hunter2");
  });

  it("a secret created over HTTP is in no answer, and the deployment is reconciled", async () => {
    const world = await buildWorld(db);
    const token = await authorToken(world);
    const value = secret();
    const jobsBefore = await reconcileJobsFor(world.deploymentId);
    const created = await postOverHttp("environmentVariable.create", token, {
      owner: deploymentOwner(world),
      key: "WAREHOUSE_PASSWORD",
      value,
      isSecret: true,
    });
    expect(created.status).toBe(200);
    expect(created.text).toContain("WAREHOUSE_PASSWORD");
    expect(created.text).not.toContain(value);
    expect(await reconcileJobsFor(world.deploymentId)).toBe(jobsBefore + 1);
    const listed = await getOverHttp("environmentVariable.list", token, {
      owner: deploymentOwner(world),
    });
    expect(listed).toContain("WAREHOUSE_PASSWORD");
    expect(listed).not.toContain(value);
  });
});

describe("environment procedures through the caller", () => {
  it("a duplicate key is CONFLICT naming the field; a missing id and key names the key", async () => {
    const world = await buildWorld(db);
    const author = await callerAs(services, world.actor("workspaceAuthor"));
    const ref = {
      kind: "workspace" as const,
      organizationId: world.organizationId,
      workspaceId: world.workspaceId,
    };
    await author.airflowVariable.create({ owner: ref, key: "limit", value: "5" });
    const duplicate = await trpcError(
      author.airflowVariable.create({ owner: ref, key: "LIMIT", value: "6" }),
    );
    expect(duplicate.code).toBe("CONFLICT");
    expect(duplicate.message).toContain("Airflow reads “LIMIT” under the same name");
    const nameless = await trpcError(author.airflowVariable.get({ owner: ref }));
    expect(nameless.code).toBe("BAD_REQUEST");
    expect(nameless.message).toBe("key: give either id or key");
  });

  it("members see names and types only; authors see non-secret values; nobody sees secrets", async () => {
    const world = await buildWorld(db);
    const author = await callerAs(services, world.actor("workspaceAuthor"));
    const member = await callerAs(services, world.actor("workspaceMember"));
    const ref = deploymentOwner(world);
    const password = secret();
    const token = secret();
    await author.airflowConnection.create({
      owner: ref,
      connectionId: "billing_api",
      connType: "http",
      host: "billing.example.com",
      password,
      extra: { api_token: token, timeout: "30" },
      secretExtraFields: ["api_token"],
    });
    await author.environmentVariable.create({ owner: ref, key: "REGION", value: "eu-west-1" });

    const asAuthor = await author.airflowConnection.get({ owner: ref, connectionId: "billing_api" });
    expect(asAuthor).toMatchObject({
      host: "billing.example.com",
      password: null,
      passwordSet: true,
      extra: { api_token: null, timeout: "30" },
    });
    const asMember = await member.airflowConnection.get({ owner: ref, connectionId: "billing_api" });
    expect(asMember).toMatchObject({ connType: "http", host: null, extra: null, masked: true });
    expect((await member.environmentVariable.list({ owner: ref })).items[0]).toMatchObject({
      key: "REGION",
      value: null,
    });
    expect((await author.environmentVariable.list({ owner: ref })).items[0]).toMatchObject({
      key: "REGION",
      value: "eu-west-1",
    });

    const received = await author.deploymentEnvironment.get(ref);
    expect(received.delivered.map((d) => [d.name, d.masked])).toEqual([
      ["AIRFLOW_CONN_BILLING_API", true],
      ["REGION", false],
    ]);
    const everything = JSON.stringify([
      asAuthor,
      asMember,
      received,
      await member.deploymentEnvironment.get(ref),
    ]);
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(token);
    // Members cannot change anything.
    expect((await trpcError(member.environmentVariable.delete({ owner: ref, key: "REGION" }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("another organization's ids answer NOT_FOUND", async () => {
    const world = await buildWorld(db);
    const outsider = await callerAs(services, world.actor("outsider"));
    const error = await trpcError(
      outsider.environmentVariable.list({
        owner: { kind: "workspace", organizationId: world.organizationId, workspaceId: world.workspaceId },
      }),
    );
    expect(error.code).toBe("NOT_FOUND");
  });
});

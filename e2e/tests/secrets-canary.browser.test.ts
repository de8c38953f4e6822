// The secrets canary test (issue 6's acceptance): unique random values are planted in every secret
// field — secret environment variables, connection passwords, secret connection extra fields,
// secret Airflow variables, at deployment and workspace scope, and every notification-channel
// secret kind (Slack, PagerDuty, Opsgenie, webhook URL and signing secret) — through every interface (tRPC over
// HTTP with a session cookie, the REST API with an API token, the CLI binary, the console in
// Chromium), including updates that change a secret, .env imports, and error paths that carry a
// canary. Once the deployment's reconcile has applied its airflow-environment Secret to the
// Kubernetes stand-in (which must hold every delivered canary: the positive control), everything
// else Skyport produced or stored is searched — its processes' logs, every API/CLI/console answer,
// the audit rows, a pg_dump of its database, its whole Redis keyspace, its state directory and the
// stand-in's other objects — for each canary in plaintext, base64, hex or as a fragment: 0 allowed.
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@skyport/localstack";
import { dropMetadataDatabase, ENVIRONMENT_SECRET } from "@skyport/provisioning";
import { databaseUrlFor, testPostgresServerUrl } from "@skyport/testing";
import pg from "pg";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeStandIn } from "../../packages/provisioning/test/support/kube-stand-in.ts";
import { CanarySet, describeFindings, type Finding } from "../src/canaries.ts";
import { CHROMIUM_ARGS, findChromium } from "../src/chromium.ts";
import { buildCli } from "../src/cli.ts";
import { type EnvironmentOwner, restEnvironmentApi, trpcEnvironmentApi } from "../src/environment-api.ts";
import { startReadyController } from "../src/kube-controllers.ts";
import { startMachinePostgres } from "../src/machine-postgres.ts";
import { expectStatus, plantEverySecret, plantInErrors } from "../src/plant-api.ts";
import { plantChannelSecrets } from "../src/plant-channels.ts";
import { plantInCliErrors, plantThroughCli } from "../src/plant-cli.ts";
import { plantThroughConsole, recordBrowser } from "../src/plant-console.ts";
import { recordedCli } from "../src/recorded-cli.ts";
import { type PrivateRedis, startPrivateRedis } from "../src/redis-server.ts";
import { type RunningStack, startStack } from "../src/stack.ts";
import {
  auditRows,
  dumpDatabase,
  filesUnder,
  pgDumpMajorVersion,
  redisKeyspace,
  serverMajorVersion,
} from "../src/stored-data.ts";
import { okJson, type Received, restClient, Transcript, trpcClient, trpcData } from "../src/transcript.ts";

const PASSWORD = "correct horse battery staple";

const canaries = new CanarySet();
const transcript = new Transcript();
const cleanup: Array<() => Promise<unknown>> = [];
let stack: RunningStack;
let browser: Browser;
/** Set once the test has stopped the stack itself (to read its complete logs). */
let stackStopped = false;
let standIn: KubeStandIn;
let redis: PrivateRedis;
let databaseUrl: string;
/** The PostgreSQL server holding Skyport's database and the deployments' metadata databases. */
let runtimeServer: string;
let stateDir: string;

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A PostgreSQL server the system pg_dump can dump (pg_dump refuses newer servers): the test
 * suite's own when it is old enough, else a private server started from the machine's
 * PostgreSQL binaries of pg_dump's version (nothing is assumed to be running).
 */
async function dumpableServer(): Promise<string> {
  const dumpVersion = await pgDumpMajorVersion();
  if (dumpVersion === undefined)
    throw new Error("pg_dump is not on PATH (Debian: apt-get install -y postgresql-client)");
  const suiteServer = databaseUrlFor(testPostgresServerUrl(), "postgres");
  const suiteVersion = await serverMajorVersion(suiteServer);
  if (suiteVersion !== undefined && suiteVersion <= dumpVersion) return suiteServer;
  const machine = await startMachinePostgres(dumpVersion);
  cleanup.push(() => machine.stop());
  return machine.url;
}

async function createDatabase(server: string): Promise<string> {
  const name = `skyport_leak_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  await admin.end();
  cleanup.push(async () => {
    const dropper = new pg.Client({ connectionString: server });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await dropper.end();
  });
  return databaseUrlFor(server, name);
}

beforeAll(async () => {
  buildCli();
  runtimeServer = await dumpableServer();
  databaseUrl = await createDatabase(runtimeServer);
  redis = await startPrivateRedis();
  standIn = await KubeStandIn.start();
  const stopController = startReadyController(standIn);
  cleanup.push(async () => stopController());
  const kubeconfig = standIn.writeKubeconfig();
  cleanup.push(() => rm(path.dirname(kubeconfig), { recursive: true, force: true }));
  stateDir = await tempDir("skyport-e2e-secrets-");
  await chmod(stateDir, 0o755);
  stack = await startStack(
    {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      SKYPORT_STATE_DIR: stateDir,
      KUBECONFIG: kubeconfig,
      RUNTIME_DATABASE_URL: runtimeServer,
      PROVISIONING_READY_TIMEOUT_MS: "120000",
      // Everything the processes can log, so a leak at any level shows.
      LOG_LEVEL: "trace",
    },
    await findFreePort(),
  );
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
});

afterAll(async () => {
  // Every step runs even when one fails, so no database, role or process is left behind.
  const steps: Array<() => Promise<unknown>> = [
    async () => browser?.close(),
    async () => (stackStopped ? undefined : stack?.stop("SIGINT")),
    async () => standIn?.stop(),
    async () => redis?.stop(),
    ...cleanup.reverse(),
  ];
  const failures: unknown[] = [];
  for (const step of steps) await step().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw new AggregateError(failures, "secrets canary teardown failed");
});

// --- the positive control: the Secret the stand-in received ------------------------------------

/** Every airflow-environment Secret's `data` (where real values go, base64), decoded, by namespace. */
function deliveredSecrets(cluster: KubeStandIn): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const namespace of cluster.namespaces()) {
    const secret = cluster.get("v1", "Secret", namespace, ENVIRONMENT_SECRET);
    if (!secret) continue;
    const data = (secret.data ?? {}) as Record<string, string>;
    const values = Object.entries(data).map(
      ([name, value]) => `${name}=${Buffer.from(value, "base64").toString("utf8")}`,
    );
    secrets.set(namespace, values.join("\n"));
  }
  return secrets;
}

/** The stand-in's objects other than the environment Secrets, as text. */
function otherClusterObjects(cluster: KubeStandIn): Received[] {
  const received: Received[] = [];
  for (const namespace of [undefined, ...cluster.namespaces()]) {
    for (const object of cluster.objectsIn(namespace)) {
      const { name } = object.metadata as { name: string };
      if (object.kind === "Secret" && name === ENVIRONMENT_SECRET) continue;
      received.push({
        where: `Kubernetes stand-in ${object.kind} ${namespace ?? ""}/${name}`,
        text: JSON.stringify(object),
      });
    }
  }
  received.push({
    where: "Kubernetes stand-in request log",
    text: cluster.requests.map((r) => `${r.method} ${r.path} ${r.status}`).join("\n"),
  });
  return received;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

// --- the journey ----------------------------------------------------------------------------------

describe("secrets canary", () => {
  it("planted secrets reach the deployment's Secret and nothing else: logs, answers, audit, database, Redis", async () => {
    const baseUrl = stack.baseUrl;

    // An owner signs up in the console's way (tRPC, session cookie) and sets up a deployment.
    const signUp = await transcript.fetch("tRPC auth.signUp", `${baseUrl}/api/trpc/auth.signUp`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        json: { email: "ada@acme.test", password: PASSWORD, name: "Ada", organizationName: "Acme" },
      }),
    });
    const { organization } = trpcData<{ organization: { id: string } }>(signUp, "sign up");
    const cookie = signUp.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const trpc = trpcClient(transcript, baseUrl, { cookie });
    const workspace = trpcData<{ id: string }>(
      await trpc.mutation("workspace.create", { organizationId: organization.id, name: "Analytics" }),
      "workspace.create",
    );
    const created = trpcData<{ deployment: { id: string; namespace: string } }>(
      await trpc.mutation("deployment.create", {
        organizationId: organization.id,
        workspaceId: workspace.id,
        name: "etl",
        spec: { runtimeVersion: "3.2.1", executor: "CELERY" },
      }),
      "deployment.create",
    );
    const deployment = created.deployment;
    // Deleting the deployment below drops its metadata database; if the test fails first, this does.
    cleanup.push(async () => {
      const admin = new pg.Client({ connectionString: runtimeServer });
      await admin.connect();
      try {
        await dropMetadataDatabase(admin, {
          deploymentShortId: deployment.namespace.replace(/^skyport-/, ""),
        });
      } finally {
        await admin.end();
      }
    });
    const owner: EnvironmentOwner = {
      organizationId: organization.id,
      workspaceId: workspace.id,
      deploymentId: deployment.id,
    };
    const token = async (role: string) =>
      trpcData<{ token: string }>(
        await trpc.mutation("apiToken.create", {
          organizationId: organization.id,
          ...(role === "ORGANIZATION_OWNER"
            ? { scope: "ORGANIZATION" }
            : { scope: "WORKSPACE", workspaceId: workspace.id }),
          role,
          name: `leak test ${role}`,
        }),
        "apiToken.create",
      ).token;
    const authorToken = await token("WORKSPACE_AUTHOR");
    const memberToken = await token("WORKSPACE_MEMBER");
    const rest = restClient(transcript, baseUrl, authorToken);
    const deploymentPath = `/organizations/${organization.id}/deployments/${deployment.id}`;
    await waitFor(
      "the deployment to become HEALTHY",
      async () => {
        const answer = okJson<{ status: string }>(await rest("GET", deploymentPath), "GET deployment");
        return answer.status === "HEALTHY" ? true : undefined;
      },
      4 * 60_000,
    );

    // Every secret field, through tRPC and REST, at both scopes.
    const apis = [trpcEnvironmentApi(trpc, owner), restEnvironmentApi(rest, owner)];
    for (const api of apis) {
      for (const scope of ["deployment", "workspace"] as const) await plantEverySecret(api, scope, canaries);
    }

    // Error paths carry canaries too.
    for (const api of apis) await plantInErrors(api, canaries);
    // Every notification-channel secret kind, through REST (an owner's token) and tRPC.
    await plantChannelSecrets(
      {
        rest: restClient(transcript, baseUrl, await token("ORGANIZATION_OWNER")),
        memberRest: restClient(transcript, baseUrl, memberToken),
        trpc,
      },
      owner,
      canaries,
    );
    const member = restEnvironmentApi(restClient(transcript, baseUrl, memberToken), owner);
    expectStatus(
      await member.create("environmentVariable", "deployment", {
        key: "MEMBER_SECRET",
        value: canaries.plant("WORKSPACE_MEMBER's refused create", { delivered: false }),
        isSecret: true,
      }),
      403,
      "a WORKSPACE_MEMBER creating a secret",
    );
    const strangerSignUp = okJson<{ sessionToken: string }>(
      await transcript.fetch("REST POST /api/v1/auth/signup", `${baseUrl}/api/v1/auth/signup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          email: "eve@other.test",
          password: PASSWORD,
          name: "Eve",
          organizationName: "Other",
        }),
      }),
      "stranger sign up",
    );
    const stranger = restEnvironmentApi(restClient(transcript, baseUrl, strangerSignUp.sessionToken), owner);
    expectStatus(
      await stranger.create("environmentVariable", "deployment", {
        key: "FOREIGN_SECRET",
        value: canaries.plant("another organization's refused create", { delivered: false }),
        isSecret: true,
      }),
      404,
      "another organization creating a secret",
    );
    // An idempotent create, replayed, then the same key with another body.
    const idempotencyKey = `idempotent-create-${randomBytes(4).toString("hex")}`;
    const idempotentBody = {
      key: "REST_IDEMPOTENT_SECRET",
      value: canaries.plant("REST idempotent create (and its replay)", { delivered: true }),
      isSecret: true,
    };
    const variables = `${deploymentPath}/environment-variables`;
    for (let attempt = 0; attempt < 2; attempt++) {
      expectStatus(
        await rest("POST", variables, idempotentBody, { "idempotency-key": idempotencyKey }),
        201,
        "idempotent create",
      );
    }
    expectStatus(
      await rest(
        "POST",
        variables,
        {
          ...idempotentBody,
          value: canaries.plant("REST idempotency key reused with another body", { delivered: false }),
        },
        { "idempotency-key": idempotencyKey },
      ),
      409,
      "idempotency key reused with another body",
    );

    // The CLI binary, authenticated by a WORKSPACE_AUTHOR token.
    const workDir = await tempDir("skyport-e2e-secrets-cli-work-");
    const cliConfigDir = await tempDir("skyport-e2e-secrets-cli-config-");
    const skyport = recordedCli(transcript, {
      apiUrl: baseUrl,
      configDir: cliConfigDir,
      env: { SKYPORT_API_TOKEN: authorToken, SKYPORT_ORGANIZATION: organization.id },
    });
    await plantThroughCli(
      skyport,
      { scope: "deployment", ownerId: deployment.id, deploymentId: deployment.id },
      canaries,
      workDir,
      transcript,
    );
    await plantThroughCli(
      skyport,
      { scope: "workspace", ownerId: workspace.id, deploymentId: deployment.id },
      canaries,
      workDir,
      transcript,
    );
    await plantInCliErrors(skyport, deployment.id, canaries, workDir, memberToken);

    // The console in Chromium, signed in with the owner's session.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies(
      signUp.headers.getSetCookie().map((header) => {
        const [pair = ""] = header.split(";");
        const equals = pair.indexOf("=");
        return { name: pair.slice(0, equals), value: pair.slice(equals + 1), url: baseUrl };
      }),
    );
    const page = await context.newPage();
    const flushBrowser = recordBrowser(page, transcript, new URL(baseUrl).origin);
    const organizationUrl = `${baseUrl}/orgs/${organization.id}`;
    await plantThroughConsole(
      page,
      {
        deployment: `${organizationUrl}/deployments/${deployment.id}`,
        workspace: `${organizationUrl}/workspaces/${workspace.id}`,
      },
      canaries,
    );
    await context.close();
    await flushBrowser();

    // Every read path, through both interfaces.
    for (const api of apis) {
      for (const scope of ["deployment", "workspace"] as const) {
        for (const kind of ["environmentVariable", "airflowConnection", "airflowVariable"] as const) {
          expectStatus(await api.list(kind, scope), 200, `${api.name} list ${scope} ${kind}`);
        }
        const prefix = `${api.name}_${scope}`.toUpperCase();
        expectStatus(
          await api.get("environmentVariable", scope, `${prefix}_ROTATED_TOKEN`),
          200,
          `${api.name} get`,
        );
        expectStatus(
          await api.get("airflowConnection", scope, `${prefix.toLowerCase()}_warehouse`),
          200,
          `${api.name} get connection`,
        );
      }
      expectStatus(await api.delivered(), 200, `${api.name} what the deployment receives`);
    }
    expectStatus(await member.list("environmentVariable", "deployment"), 200, "a member's names-only list");
    expectStatus(
      await trpc.query("audit.list", { organizationId: organization.id, limit: 200 }),
      200,
      "audit list",
    );
    const ownerRest = restClient(transcript, baseUrl, await token("ORGANIZATION_OWNER"));
    expectStatus(
      await ownerRest("GET", `/organizations/${organization.id}/audit-logs/export`),
      200,
      "audit export",
    );

    // The positive control: the deployment's Secret holds every delivered canary, and none other.
    const expected = canaries.all.filter((canary) => canary.delivered);
    const secretText = await waitFor(
      `the ${ENVIRONMENT_SECRET} Secret in ${deployment.namespace} to hold every delivered canary`,
      async () => {
        const text = deliveredSecrets(standIn).get(deployment.namespace);
        return text !== undefined && expected.every((canary) => text.includes(canary.value))
          ? text
          : undefined;
      },
      4 * 60_000,
    );
    const undelivered = canaries.all.filter(
      (canary) => !canary.delivered && secretText.includes(canary.value),
    );
    expect(undelivered.map((canary) => canary.label)).toEqual([]);
    expect(expected.length).toBeGreaterThanOrEqual(30);
    // The search itself is sound: in the Secret as the API server holds it (base64 values, the
    // canaries at any offset inside connection URIs and JSON), it finds every delivered canary.
    const rawSecret = JSON.stringify(standIn.get("v1", "Secret", deployment.namespace, ENVIRONMENT_SECRET));
    const seen = new Set(canaries.find("the Secret", rawSecret).map((finding) => finding.canary));
    expect(expected.filter((canary) => !seen.has(canary.label)).map((canary) => canary.label)).toEqual([]);
    const clusterObjects = otherClusterObjects(standIn);

    // Delete the deployment (its namespace and metadata database go), then stop Skyport so every
    // log line is written.
    expectStatus(await ownerRest("DELETE", deploymentPath), 202, "delete the deployment");
    await waitFor(
      "the deployment to be deleted",
      async () => {
        // A deleted deployment is gone from reads (404), like one that never existed.
        const answer = await rest("GET", deploymentPath);
        if (answer.status === 404) return true;
        return okJson<{ status: string }>(answer, "GET deployment").status === "DELETED" ? true : undefined;
      },
      4 * 60_000,
    );
    expect(standIn.namespaces()).not.toContain(deployment.namespace);
    await stack.stop("SIGINT");
    stackStopped = true;

    // Search everything.
    const sources: Array<{ name: string; items: Received[] }> = [
      {
        name: "application logs (web and worker)",
        items: [{ where: "npm start output", text: stack.output() }],
      },
      { name: "API, CLI and console answers", items: transcript.received },
      { name: "audit rows", items: await auditRows(databaseUrl) },
      { name: "pg_dump", items: await dumpDatabase(databaseUrl) },
      { name: "Redis keyspace", items: await redisKeyspace(redis.url) },
      { name: "state directory", items: await filesUnder(stateDir, "state directory file") },
      { name: "CLI config directory", items: await filesUnder(cliConfigDir, "CLI config file") },
      { name: "Kubernetes stand-in (other than the environment Secret)", items: clusterObjects },
    ];
    const findings: Finding[] = [];
    const searched: string[] = [];
    for (const source of sources) {
      const characters = source.items.reduce((sum, item) => sum + item.text.length, 0);
      const found = source.items.flatMap((item) => canaries.find(item.where, item.text));
      findings.push(...found);
      searched.push(
        `${source.name}: ${source.items.length} item(s), ${characters} characters, ${found.length} found`,
      );
    }
    process.stderr.write(
      `[secrets-canary] ${canaries.all.length} canaries (${expected.length} delivered); searched:\n` +
        `${searched.map((line) => `  ${line}`).join("\n")}\n`,
    );
    if (findings.length > 0) {
      throw new Error(
        `${findings.length} canary occurrence(s) outside the ${ENVIRONMENT_SECRET} Secret:\n${describeFindings(findings)}`,
      );
    }
    expect(findings).toEqual([]);
  });
});

// The secrets canary test (issue 6's acceptance): unique random values are planted in every secret
// field — secret environment variables, connection passwords, secret connection extra fields,
// secret Airflow variables, at deployment and workspace scope, and every notification-channel
// secret kind (Slack, PagerDuty, Opsgenie, webhook URL and signing secret) — through every interface (tRPC over
// HTTP with a session cookie, the REST API with an API token, the CLI binary, the console in
// Chromium), including updates that change a secret, .env imports, and error paths that carry a
// canary. Once the deployment's reconcile has applied its airflow-environment Secret to the
// real Kubernetes control plane (kube-apiserver, controllers and kwok: @skyport/testing/kube; the
// Secret must hold every delivered canary: the positive control), everything else Skyport produced
// or stored is searched — its processes' logs, every API/CLI/console answer, the audit rows, a
// pg_dump of its database, its whole Redis keyspace, its state directory, every other object the
// cluster holds in the runtime's namespace (the controllers' ReplicaSets and Pods included) and
// Skyport's requests to the API server — for each canary in plaintext, base64, hex or as a
// fragment: 0 allowed.
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@skyport/localstack";
import { dropMetadataDatabase, ENVIRONMENT_SECRET } from "@skyport/provisioning";
import { databaseUrlFor, testPostgresServerUrl } from "@skyport/testing";
import { installKedaCrds, type KubeCluster, startKubeCluster } from "@skyport/testing/kube";
import pg from "pg";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveObjectsIn, secretDataIn } from "../../packages/provisioning/test/support/real-cluster.ts";
import { CanarySet, describeFindings, type Finding } from "../src/canaries.ts";
import { CHROMIUM_ARGS, findChromium } from "../src/chromium.ts";
import { buildCli } from "../src/cli.ts";
import { controlPlaneAvailable } from "../src/cluster-stack.ts";
import { type EnvironmentOwner, restEnvironmentApi, trpcEnvironmentApi } from "../src/environment-api.ts";
import { startMachinePostgres } from "../src/machine-postgres.ts";
import { expectStatus, plantEverySecret, plantInErrors, refuseSecretVariable } from "../src/plant-api.ts";
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
let cluster: KubeCluster;
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
  if (!controlPlaneAvailable) return;
  buildCli();
  runtimeServer = await dumpableServer();
  databaseUrl = await createDatabase(runtimeServer);
  redis = await startPrivateRedis();
  cluster = await startKubeCluster();
  await installKedaCrds(cluster);
  const kubeconfig = cluster.writeKubeconfig(cluster.skyportToken);
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
    async () => cluster?.stop(),
    async () => redis?.stop(),
    ...cleanup.reverse(),
  ];
  const failures: unknown[] = [];
  for (const step of steps) await step().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw new AggregateError(failures, "secrets canary teardown failed");
});

// --- the positive control: the Secret the API server received ------------------------------------

/** The runtime's airflow-environment Secret's `data` (where real values go), decoded, as `name=value` lines. */
async function deliveredSecret(namespace: string): Promise<string> {
  const data = await secretDataIn(cluster, namespace, ENVIRONMENT_SECRET);
  return Object.entries(data)
    .map(([name, value]) => `${name}=${value}`)
    .join("\n");
}

/**
 * Everything else the cluster holds for the runtime, as text: its Namespace, every object Skyport
 * applied but the environment Secret, and what the controllers made from them (ReplicaSets, Pods,
 * with their environment as rendered); then every request Skyport made to the API server.
 */
async function otherClusterObjects(namespace: string): Promise<Received[]> {
  const received: Received[] = [];
  const list = async (apiPath: string) =>
    (await cluster.request<{ items?: Array<{ kind?: string; metadata: { name: string } }> }>("GET", apiPath))
      .body.items ?? [];
  const namespaceObject = await cluster.request("GET", `/api/v1/namespaces/${namespace}`);
  received.push({ where: `Kubernetes Namespace ${namespace}`, text: JSON.stringify(namespaceObject.body) });
  const objects = [
    ...(await liveObjectsIn(cluster, namespace)),
    ...(await list(`/apis/apps/v1/namespaces/${namespace}/replicasets`)).map((o) => ({
      ...o,
      kind: "ReplicaSet",
    })),
    ...(await list(`/api/v1/namespaces/${namespace}/pods`)).map((o) => ({ ...o, kind: "Pod" })),
  ];
  for (const object of objects) {
    const { name } = object.metadata as { name: string };
    if (object.kind === "Secret" && name === ENVIRONMENT_SECRET) continue;
    received.push({ where: `Kubernetes ${object.kind} ${namespace}/${name}`, text: JSON.stringify(object) });
  }
  expect(objects.some((object) => object.kind === "Pod")).toBe(true);
  received.push({
    where: "Skyport's requests to the Kubernetes API server (its audit log)",
    text: cluster
      .requestsBySkyport()
      .map((r) => `${r.verb} ${r.requestURI} ${r.code}`)
      .join("\n"),
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

describe.runIf(controlPlaneAvailable)("secrets canary", () => {
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
    const refusals = [
      {
        caller: member,
        key: "MEMBER_SECRET",
        status: 403,
        who: "WORKSPACE_MEMBER",
        what: "a WORKSPACE_MEMBER",
      },
      {
        caller: stranger,
        key: "FOREIGN_SECRET",
        status: 404,
        who: "another organization",
        what: "another organization",
      },
    ];
    for (const { caller, key, status, who, what } of refusals) {
      const value = canaries.plant(`${who}'s refused create`, { delivered: false });
      await refuseSecretVariable(caller, key, value, status, `${what} creating a secret`);
    }
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
    const cliOwners = [
      { scope: "deployment", ownerId: deployment.id, deploymentId: deployment.id },
      { scope: "workspace", ownerId: workspace.id, deploymentId: deployment.id },
    ] as const;
    for (const cliOwner of cliOwners) await plantThroughCli(skyport, cliOwner, canaries, workDir, transcript);
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
        const text = await deliveredSecret(deployment.namespace);
        return expected.every((canary) => text.includes(canary.value)) ? text : undefined;
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
    const rawSecret = JSON.stringify(
      (
        await cluster.request(
          "GET",
          `/api/v1/namespaces/${deployment.namespace}/secrets/${ENVIRONMENT_SECRET}`,
        )
      ).body,
    );
    const seen = new Set(canaries.find("the Secret", rawSecret).map((finding) => finding.canary));
    expect(expected.filter((canary) => !seen.has(canary.label)).map((canary) => canary.label)).toEqual([]);
    const clusterObjects = await otherClusterObjects(deployment.namespace);

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
    expect((await cluster.request("GET", `/api/v1/namespaces/${deployment.namespace}`)).status).toBe(404);
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
      { name: "Kubernetes cluster (other than the environment Secret)", items: clusterObjects },
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

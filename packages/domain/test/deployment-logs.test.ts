// Reading a deployment's component logs: a local runtime's log files (tail, then follow from a
// cursor), for WORKSPACE_MEMBER and up, never across tenants, with the runtime's secrets masked;
// other deployments answer where their logs are instead of inventing lines.
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ForbiddenError, NotFoundError, readDeploymentLogs, ValidationError } from "@skyport/domain";
import { LOG_READ_MAX_BYTES } from "@skyport/local-runtime/logs";
import { buildWorld, createTestDatabase, newDeployment, type Persona } from "@skyport/testing";
import { afterAll, describe, expect, it } from "vitest";

const { db } = await createTestDatabase();
const world = await buildWorld(db);
const { organizationId, deploymentId } = world;
const as = (persona: Persona) => ({ db, actor: world.actor(persona) });

const root = mkdtempSync(path.join(os.tmpdir(), "skyport-logs-"));
const files = { localRuntimesDir: root };
const { namespace } = await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } });
const runtimeDir = path.join(root, namespace);
const logs = path.join(runtimeDir, "logs");
mkdirSync(logs, { recursive: true });

const FERNET = "n0tAReal-FernetKeyButLongEnough_0123456789ab=";
const DB_PASSWORD = "db-pass-4f8a9c2e71";
const INGEST_TOKEN = "skl_ingest_secret_7f3a9b";
writeFileSync(
  path.join(runtimeDir, "secrets.json"),
  JSON.stringify({
    fernetKey: FERNET,
    metadataDbUrl: `postgresql://rt:${DB_PASSWORD}@127.0.0.1:5432/rt`,
    adminPassword: "admin-pass-0123456789",
  }),
);
writeFileSync(
  path.join(runtimeDir, "supervisor.json"),
  JSON.stringify({
    components: [
      {
        name: "scheduler",
        env: {
          AIRFLOW__OPENLINEAGE__TRANSPORT: JSON.stringify({
            type: "http",
            auth: { type: "api_key", apiKey: INGEST_TOKEN },
          }),
          AIRFLOW__CORE__DAGS_FOLDER: "/tmp/dags-folder-path",
        },
      },
    ],
  }),
);
const scheduler = path.join(logs, "scheduler.log");
writeFileSync(scheduler, `${Array.from({ length: 150 }, (_, i) => `line ${i + 1}`).join("\n")}\n`);
writeFileSync(path.join(logs, "api-server.log"), "");

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("readDeploymentLogs on a local runtime", () => {
  it("answers the last lines of the scheduler by default, with the components that have logs", async () => {
    const read = await readDeploymentLogs(as("workspaceMember"), files, {
      organizationId,
      deploymentId,
      lines: 3,
    });
    expect(read).toMatchObject({
      available: true,
      component: "scheduler",
      components: ["api-server", "scheduler"],
      lines: ["line 148", "line 149", "line 150"],
      reset: false,
      note: null,
    });
  });

  it("follows: from a cursor only the lines written after it, and a line without its end waits", async () => {
    const first = await readDeploymentLogs(as("deploymentAdmin"), files, {
      organizationId,
      deploymentId,
      lines: 1,
    });
    appendFileSync(scheduler, "line 151\nline 152\npartial");
    const next = await readDeploymentLogs(as("deploymentAdmin"), files, {
      organizationId,
      deploymentId,
      since: first.cursor,
    });
    expect(next.lines).toEqual(["line 151", "line 152"]);
    appendFileSync(scheduler, " line done\n");
    const after = await readDeploymentLogs(as("deploymentAdmin"), files, {
      organizationId,
      deploymentId,
      since: next.cursor,
    });
    expect(after.lines).toEqual(["partial line done"]);
    const quiet = await readDeploymentLogs(as("deploymentAdmin"), files, {
      organizationId,
      deploymentId,
      since: after.cursor,
    });
    expect(quiet).toMatchObject({ lines: [], cursor: after.cursor });
  });

  it("a follow that falls behind gets at most `lines` lines and catches up on the next poll", async () => {
    const paged = await readDeploymentLogs(as("workspaceMember"), files, {
      organizationId,
      deploymentId,
      since: 0,
      lines: 2,
    });
    expect(paged.lines).toEqual(["line 1", "line 2"]);
    const more = await readDeploymentLogs(as("workspaceMember"), files, {
      organizationId,
      deploymentId,
      since: paged.cursor,
      lines: 1,
    });
    expect(more.lines).toEqual(["line 3"]);
  });

  it("a cursor beyond a recreated log answers its tail and says so", async () => {
    writeFileSync(path.join(logs, "triggerer.log"), "new 1\nnew 2\n");
    const read = await readDeploymentLogs(as("workspaceMember"), files, {
      organizationId,
      deploymentId,
      component: "triggerer",
      since: 10_000,
    });
    expect(read).toMatchObject({ lines: ["new 1", "new 2"], reset: true, cursor: 12 });
  });

  it("masks the secret values Skyport gave the runtime if a component prints them", async () => {
    writeFileSync(
      path.join(logs, "dag-processor.log"),
      `${[
        `fernet=${FERNET}`,
        `conn postgresql://rt:${DB_PASSWORD}@127.0.0.1:5432/rt`,
        `transport token ${INGEST_TOKEN}`,
        "dags from /tmp/dags-folder-path",
      ].join("\n")}\n`,
    );
    const read = await readDeploymentLogs(as("workspaceMember"), files, {
      organizationId,
      deploymentId,
      component: "dag-processor",
    });
    const text = read.lines.join("\n");
    for (const secret of [FERNET, DB_PASSWORD, INGEST_TOKEN]) expect(text).not.toContain(secret);
    expect(read.lines).toEqual([
      "fernet=***",
      "conn ***",
      "transport token ***",
      "dags from /tmp/dags-folder-path",
    ]);
  });

  it("a tail of a log larger than the read window starts at a whole line", async () => {
    const long = `${"x".repeat(100)}\n`;
    writeFileSync(
      path.join(logs, "worker-default-1.log"),
      long.repeat(Math.ceil((LOG_READ_MAX_BYTES * 2) / long.length)),
    );
    const read = await readDeploymentLogs(as("workspaceMember"), files, {
      organizationId,
      deploymentId,
      component: "worker-default-1",
      lines: 1000,
    });
    expect(read.lines.length).toBe(1000);
    expect(read.lines.every((line) => line === "x".repeat(100))).toBe(true);
  });

  it("refuses a component the runtime does not have, naming the field and the ones it has", async () => {
    const read = readDeploymentLogs(as("workspaceMember"), files, {
      organizationId,
      deploymentId,
      component: "webserver",
    });
    await expect(read).rejects.toThrow(ValidationError);
    await expect(read).rejects.toMatchObject({ field: "component" });
    await expect(read).rejects.toThrow(/api-server, dag-processor, scheduler/);
  });

  it("refuses a component that is not a name (no path out of the logs folder)", async () => {
    const read = readDeploymentLogs(as("workspaceMember"), files, {
      organizationId,
      deploymentId,
      component: "../secrets",
    });
    await expect(read).rejects.toMatchObject({ field: "component" });
  });

  it("refuses lines above the limit, naming the field", async () => {
    await expect(
      readDeploymentLogs(as("workspaceMember"), files, { organizationId, deploymentId, lines: 5000 }),
    ).rejects.toMatchObject({ field: "lines" });
  });

  it("answers NOT_FOUND to someone outside the organization, and FORBIDDEN to an organization member without a workspace role", async () => {
    await expect(readDeploymentLogs(as("outsider"), files, { organizationId, deploymentId })).rejects.toThrow(
      NotFoundError,
    );
    await expect(
      readDeploymentLogs(as("organizationMember"), files, { organizationId, deploymentId }),
    ).rejects.toThrow(ForbiddenError);
  });
});

describe("readDeploymentLogs elsewhere", () => {
  it("a deployment that is not a local runtime here says how to read its logs on Kubernetes, with no lines", async () => {
    const other = await newDeployment(db, world, "logs-remote");
    const read = await readDeploymentLogs(as("workspaceMember"), files, {
      ...other,
      component: "worker-etl-2",
    });
    const { namespace: otherNamespace } = await db.deployment.findUniqueOrThrow({
      where: { id: other.deploymentId },
    });
    expect(read).toMatchObject({ available: false, lines: [], components: [] });
    expect(read.note).toContain(
      `kubectl logs --namespace ${otherNamespace} --selector app.kubernetes.io/component=worker,skyport.io/worker-queue=etl`,
    );
  });

  it("a render-only deployment says no process runs", async () => {
    const other = await newDeployment(db, world, "logs-rendered");
    await db.deployment.update({
      where: { id: other.deploymentId },
      data: { statusReason: "Manifests rendered to /x/manifests (not applied: no cluster configured)" },
    });
    const read = await readDeploymentLogs(as("workspaceMember"), files, other);
    expect(read.available).toBe(false);
    expect(read.note).toMatch(/no Airflow process runs/);
  });
});

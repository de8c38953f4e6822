// Inputs for the authorization matrix: for each permission-checked procedure, a valid input
// aimed at the world's organization, workspace or deployment (where the personas' roles
// are). Adding a procedure without an entry here fails the matrix test.
import { randomBytes, randomUUID } from "node:crypto";
import type { PrismaClient } from "@skyport/db";
import { createSecretBox, parseKeyring } from "@skyport/domain";
import { seedRecommendation, type World } from "@skyport/testing";
import { TEST_KEK } from "./support.ts";

export type MatrixInput = (world: World, db: PrismaClient) => unknown | Promise<unknown>;

/** Deployment spec fields a create or update request carries. */
/** A pending invitation to the world's organization, as the input that names it. */
const pendingInvitation: MatrixInput = async (w, db) => {
  const invitation = await db.invitation.create({
    data: {
      organizationId: w.organizationId,
      email: `matrix-${Math.random().toString(16).slice(2)}@example.test`,
      role: "ORGANIZATION_MEMBER",
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  return { organizationId: w.organizationId, invitationId: invitation.id };
};

const MATRIX_SPEC = { runtimeVersion: "3.3.1", executor: "KUBERNETES" };

/** Turns the world's deployment into a Celery one with a `default` and a `reports` queue. */
async function celeryDeployment(w: World, db: PrismaClient) {
  const queue = (name: string) => ({ name, workerSize: "S", minWorkers: 1, maxWorkers: 10 });
  const deployment = await db.deployment.findUniqueOrThrow({ where: { id: w.deploymentId } });
  await db.deployment.update({
    where: { id: w.deploymentId },
    data: {
      spec: {
        ...(deployment.spec as Record<string, unknown>),
        executor: "CELERY",
        workerQueues: [queue("default"), queue("reports")],
      },
    },
  });
  return { organizationId: w.organizationId, deploymentId: w.deploymentId };
}

/** Seals values as the web services do (same test keyring). */
const matrixSecrets = createSecretBox({ keyring: parseKeyring(TEST_KEK) });

type EnvironmentScope = "deployment" | "workspace";

/** The owner part of an environment procedure's input, at either scope. */
function owner(w: World, scope: EnvironmentScope) {
  return {
    owner:
      scope === "deployment"
        ? { kind: scope, organizationId: w.organizationId, deploymentId: w.deploymentId }
        : { kind: scope, organizationId: w.organizationId, workspaceId: w.workspaceId },
  };
}

const matrixKey = () => `MATRIX_${randomBytes(4).toString("hex").toUpperCase()}`;

/** An existing environment variable or Airflow variable (its value sealed), for get/update/delete. */
async function plantKeyValue(
  w: World,
  db: PrismaClient,
  scope: EnvironmentScope,
  table: "EnvironmentVariable" | "AirflowVariable",
): Promise<string> {
  const id = randomUUID();
  const key = matrixKey();
  await db.$transaction(async (tx) => {
    const valueCiphertext = await matrixSecrets.seal(
      tx,
      { organizationId: w.organizationId, table, rowId: id, field: "value", valueVersion: 1 },
      "matrix value",
    );
    const data = {
      id,
      organizationId: w.organizationId,
      workspaceId: w.workspaceId,
      scope: scope === "deployment" ? ("DEPLOYMENT" as const) : ("WORKSPACE" as const),
      deploymentId: scope === "deployment" ? w.deploymentId : null,
      scopeId: scope === "deployment" ? w.deploymentId : w.workspaceId,
      key,
      valueCiphertext,
    };
    if (table === "EnvironmentVariable") await tx.environmentVariable.create({ data });
    else await tx.airflowVariable.create({ data });
  });
  return key;
}

/** An existing Airflow connection without secrets, for get/update/delete. */
async function plantConnection(w: World, db: PrismaClient, scope: EnvironmentScope): Promise<string> {
  const connectionId = matrixKey().toLowerCase();
  await db.airflowConnection.create({
    data: {
      id: randomUUID(),
      organizationId: w.organizationId,
      workspaceId: w.workspaceId,
      scope: scope === "deployment" ? "DEPLOYMENT" : "WORKSPACE",
      deploymentId: scope === "deployment" ? w.deploymentId : null,
      scopeId: scope === "deployment" ? w.deploymentId : w.workspaceId,
      connectionId,
      connType: "http",
      host: "api.example.com",
    },
  });
  return connectionId;
}

/** Fixtures for the procedures of one environment router, once per owner kind (`path@owner`). */
function environmentFixtures(router: "environmentVariable" | "airflowVariable" | "airflowConnection") {
  const fixtures: Record<string, MatrixInput> = {};
  for (const scope of ["deployment", "workspace"] as const) {
    const at = (operation: string) => `${router}.${operation}@${scope}`;
    if (router === "airflowConnection") {
      const existing = async (w: World, db: PrismaClient) => ({
        ...owner(w, scope),
        connectionId: await plantConnection(w, db, scope),
      });
      fixtures[at("create")] = (w) => ({
        ...owner(w, scope),
        connectionId: matrixKey().toLowerCase(),
        uri: "postgres://etl:matrix-password@db.example.com:5432/analytics",
      });
      fixtures[at("update")] = async (w, db) => ({ ...(await existing(w, db)), port: 8443 });
      fixtures[at("bulkUpdate")] = async (w, db) => ({
        ...owner(w, scope),
        entries: [
          { connectionId: await plantConnection(w, db, scope), port: 8443 },
          { connectionId: matrixKey().toLowerCase(), uri: "http://api.example.com" },
        ],
      });
      fixtures[at("get")] = existing;
      fixtures[at("delete")] = existing;
    } else {
      const table = router === "environmentVariable" ? "EnvironmentVariable" : "AirflowVariable";
      const existing = async (w: World, db: PrismaClient) => ({
        ...owner(w, scope),
        key: await plantKeyValue(w, db, scope, table),
      });
      fixtures[at("create")] = (w) => ({
        ...owner(w, scope),
        key: matrixKey(),
        value: "matrix",
        isSecret: true,
      });
      fixtures[at("update")] = async (w, db) => ({ ...(await existing(w, db)), value: "changed" });
      fixtures[at("get")] = existing;
      fixtures[at("delete")] = existing;
      fixtures[at("bulkUpdate")] = async (w, db) => ({
        ...owner(w, scope),
        entries: [
          { key: await plantKeyValue(w, db, scope, table), value: "changed" },
          { key: matrixKey(), value: "new", isSecret: true },
        ],
      });
      if (router === "environmentVariable") {
        fixtures[at("import")] = (w) => ({
          ...owner(w, scope),
          text: `${matrixKey()}=1\n${matrixKey()}="two"\n`,
        });
      }
    }
    fixtures[at("list")] = (w) => owner(w, scope);
  }
  return fixtures;
}

/** A DAG bundle row of the world's deployment (its object is not needed to authorize). */
async function seededBundle(w: World, db: PrismaClient): Promise<string> {
  const sha256 = randomBytes(32).toString("hex");
  await db.dagBundle.create({
    data: {
      organizationId: w.organizationId,
      deploymentId: w.deploymentId,
      sha256,
      sizeBytes: 10,
      uncompressedBytes: 10,
      fileCount: 1,
      manifest: [{ path: "dags/a.py", size: 10, sha256 }],
      objectKey: `bundles/${w.deploymentId}/${sha256}.tar.gz`,
      uploadedByType: "system",
      uploadedById: "system",
      uploadedByLabel: "matrix",
    },
  });
  return sha256;
}

/** Deploys 1 (SUPERSEDED) and 2 (ACTIVE) of the world's deployment (once per world). */
async function seededDeploys(w: World, db: PrismaClient) {
  const ref = { organizationId: w.organizationId, deploymentId: w.deploymentId };
  if (await db.deploy.count({ where: { deploymentId: w.deploymentId } })) return ref;
  const actor = { actorType: "system", actorId: "system", actorLabel: "matrix" };
  const first = await seededBundle(w, db);
  const second = await seededBundle(w, db);
  const base = {
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
    kind: "DAG_BUNDLE" as const,
  };
  await db.deploy.create({
    data: { ...base, ...actor, number: 1, bundleSha256: first, status: "SUPERSEDED" },
  });
  await db.deploy.create({ data: { ...base, ...actor, number: 2, bundleSha256: second, status: "ACTIVE" } });
  return ref;
}

/** The input naming one row a seeder makes for the world: `{ organizationId, [field]: id }`. */
function naming(field: string, seed: (w: World, db: PrismaClient) => Promise<string>) {
  return async (w: World, db: PrismaClient) => ({
    organizationId: w.organizationId,
    [field]: await seed(w, db),
  });
}

const onReport = naming("reportId", workspaceReport);
const onRule = naming("ruleId", deploymentRule);
const onChannel = naming("channelId", deploymentChannel);

/** The input naming a tuning recommendation seeded on the world's deployment (OPEN unless told). */
function onRecommendation(state?: "APPLIED", extra: object = {}): MatrixInput {
  return async (w, db) => ({
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
    recommendationId: await seedRecommendation(db, w, state),
    ...extra,
  });
}

export const MATRIX_INPUTS: Record<string, MatrixInput> = {
  ...environmentFixtures("environmentVariable"),
  ...environmentFixtures("airflowVariable"),
  ...environmentFixtures("airflowConnection"),
  "deploymentEnvironment.get": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "apiToken.create": (w) => ({
    organizationId: w.organizationId,
    scope: "ORGANIZATION",
    role: "ORGANIZATION_MEMBER",
    name: "Matrix token",
  }),
  "apiToken.list": (w) => ({ organizationId: w.organizationId }),
  "apiToken.revoke": async (w, db) => {
    const token = await db.apiToken.create({
      data: {
        organizationId: w.organizationId,
        scope: "ORGANIZATION",
        role: "ORGANIZATION_MEMBER",
        name: "Matrix token",
        prefix: "skp_matrix00",
        secretHash: `matrix-${Math.random().toString(16).slice(2)}-${Date.now()}`,
      },
    });
    return { organizationId: w.organizationId, apiTokenId: token.id };
  },
  "audit.list": (w) => ({ organizationId: w.organizationId }),
  "audit.verify": (w) => ({ organizationId: w.organizationId }),
  "organization.get": (w) => ({ organizationId: w.organizationId }),
  "organization.rename": (w) => ({ organizationId: w.organizationId, name: "Renamed organization" }),
  // The world's only owner leaving gets CONFLICT (authorized, refused by the last-owner rule).
  "organization.leave": (w) => ({ organizationId: w.organizationId }),
  "member.list": (w) => ({ organizationId: w.organizationId }),
  "member.updateRole": (w) => ({
    organizationId: w.organizationId,
    userId: w.bystander.id,
    role: "ORGANIZATION_BILLING_ADMIN",
  }),
  "member.remove": (w) => ({ organizationId: w.organizationId, userId: w.bystander.id }),
  "invitation.create": (w) => ({
    organizationId: w.organizationId,
    email: `matrix-${Math.random().toString(16).slice(2)}@example.test`,
    role: "ORGANIZATION_MEMBER",
  }),
  "invitation.list": (w) => ({ organizationId: w.organizationId }),
  "invitation.revoke": pendingInvitation,
  "invitation.resend": pendingInvitation,
  "workspace.list": (w) => ({ organizationId: w.organizationId }),
  "workspace.get": (w) => ({ organizationId: w.organizationId, workspaceId: w.workspaceId }),
  "workspace.create": (w) => ({ organizationId: w.organizationId, name: "Matrix workspace" }),
  "workspace.update": (w) => ({
    organizationId: w.organizationId,
    workspaceId: w.workspaceId,
    description: "Changed by the matrix",
  }),
  // The world's workspace still has a deployment: allowed callers get CONFLICT (authorized).
  "workspace.delete": (w) => ({ organizationId: w.organizationId, workspaceId: w.workspaceId }),
  "workspaceMember.list": (w) => ({ organizationId: w.organizationId, workspaceId: w.workspaceId }),
  "workspaceMember.grant": (w) => ({
    organizationId: w.organizationId,
    workspaceId: w.workspaceId,
    subject: { userId: w.bystander.id },
    role: "WORKSPACE_MEMBER",
  }),
  "workspaceMember.update": (w) => ({
    organizationId: w.organizationId,
    workspaceId: w.workspaceId,
    subject: { userId: w.users.workspaceMember.id },
    role: "WORKSPACE_AUTHOR",
  }),
  "workspaceMember.revoke": (w) => ({
    organizationId: w.organizationId,
    workspaceId: w.workspaceId,
    subject: { teamId: w.teamId },
  }),
  "team.list": (w) => ({ organizationId: w.organizationId }),
  "team.create": (w) => ({ organizationId: w.organizationId, name: "Matrix team" }),
  "team.rename": (w) => ({ organizationId: w.organizationId, teamId: w.teamId, name: "Renamed team" }),
  "team.delete": (w) => ({ organizationId: w.organizationId, teamId: w.teamId }),
  "team.addMember": (w) => ({ organizationId: w.organizationId, teamId: w.teamId, userId: w.bystander.id }),
  "team.removeMember": (w) => ({
    organizationId: w.organizationId,
    teamId: w.teamId,
    userId: w.users.teamWorkspaceOperator.id,
  }),
  "deployment.list": (w) => ({ organizationId: w.organizationId, workspaceId: w.workspaceId }),
  "deployment.get": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "deployment.logs": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "deployment.revealAirflowSignIn": (w) => ({
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
  }),
  "deployment.create": (w) => ({
    organizationId: w.organizationId,
    workspaceId: w.workspaceId,
    name: "matrix",
    spec: MATRIX_SPEC,
  }),
  "deployment.update": (w) => ({
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
    spec: { ...MATRIX_SPEC, highAvailability: true },
  }),
  "deployment.delete": (w) => ({
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
    confirmName: "etl",
  }),
  "workerQueue.list": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "workerQueue.create": async (w, db) => ({ ...(await celeryDeployment(w, db)), name: "ml", maxWorkers: 4 }),
  "workerQueue.update": async (w, db) => ({
    ...(await celeryDeployment(w, db)),
    name: "reports",
    maxWorkers: 3,
  }),
  "workerQueue.delete": async (w, db) => ({ ...(await celeryDeployment(w, db)), name: "reports" }),
  "deploymentMember.list": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "deploymentMember.grant": (w) => ({
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
    subject: { userId: w.bystander.id },
  }),
  "deploymentMember.revoke": (w) => ({
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
    subject: { userId: w.users.deploymentAdmin.id },
  }),
  "telemetry.getIngestToken": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "telemetry.rotateIngestToken": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "telemetry.listRuns": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "telemetry.getMetrics": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "telemetry.getRun": async (w, db) => ({
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
    dagRunId: (await seededRun(w, db)).id,
  }),
  "telemetry.getSummary": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "telemetry.getRunsOverview": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "telemetry.getDag": async (w, db) => {
    const run = await seededRun(w, db);
    return { organizationId: w.organizationId, deploymentId: w.deploymentId, dagId: run.dagId };
  },
  "telemetry.getRunLineage": async (w, db) => ({
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
    dagRunId: (await seededRun(w, db)).id,
  }),
  "telemetry.listFailingDags": (w) => ({ organizationId: w.organizationId }),
  "deploy.list": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "deploy.get": async (w, db) => ({ ...(await seededDeploys(w, db)), deployId: "1" }),
  "deploy.bundle": async (w, db) => ({
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
    sha256: await seededBundle(w, db),
  }),
  "deploy.create": async (w, db) => ({
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
    bundleSha256: await seededBundle(w, db),
  }),
  "deploy.rollback": async (w, db) => ({ ...(await seededDeploys(w, db)), deployId: "1" }),
  "deploy.createImage": (w) => ({
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
    image: "ghcr.io/acme/airflow:1.0.0",
    runtimeVersion: "3.3.1",
  }),
  "deploy.registryCredential": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "deploy.setRegistryCredential": (w) => ({
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
    registry: "ghcr.io",
    username: "acme-ci",
    password: "matrix-registry-password",
  }),
  "deploy.deleteRegistryCredential": async (w, db) => {
    await db.deploymentRegistryCredential.upsert({
      where: { deploymentId: w.deploymentId },
      create: {
        id: randomUUID(),
        organizationId: w.organizationId,
        deploymentId: w.deploymentId,
        registry: "ghcr.io",
        username: "acme-ci",
        passwordCiphertext: Buffer.from("not opened by a delete"),
      },
      update: {},
    });
    return { organizationId: w.organizationId, deploymentId: w.deploymentId };
  },
  "alert.list": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "alert.get": onRule,
  "alert.create": (w) => ({
    organizationId: w.organizationId,
    workspaceId: w.workspaceId,
    deploymentId: w.deploymentId,
    name: `matrix-${randomUUID().slice(0, 8)}`,
    type: "DAG_DURATION",
    properties: { durationSeconds: 3600 },
  }),
  "alert.update": async (w, db) => ({ ...(await onRule(w, db)), severity: "CRITICAL" }),
  "alert.mute": async (w, db) => ({
    ...(await onRule(w, db)),
    until: new Date(Date.now() + 3_600_000).toISOString(),
    // Muting one DAG: the narrower mute needs the same role as the whole rule's.
    dagId: "nightly_etl",
  }),
  "alert.delete": onRule,
  "alert.incidents": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "alert.incidentTimeline": naming("incidentId", deploymentIncident),
  "alert.seenIds": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "notificationChannel.delivery": async (w, db) => ({
    organizationId: w.organizationId,
    deliveryId: (
      await db.alertDelivery.create({
        data: { organizationId: w.organizationId, channelId: await deploymentChannel(w, db), event: "TEST" },
      })
    ).id,
  }),
  "notificationChannel.list": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "notificationChannel.create": (w) => ({
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
    name: `matrix-${randomUUID().slice(0, 8)}`,
    settings: { kind: "PAGERDUTY", routingKey: randomBytes(16).toString("hex") },
  }),
  "notificationChannel.delete": onChannel,
  "notificationChannel.test": onChannel,
  "recommendation.list": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "recommendation.applySpecChange": onRecommendation(),
  "recommendation.revert": onRecommendation("APPLIED"),
  "recommendation.dismiss": onRecommendation(undefined, { reason: "not for this deployment" }),
  "recommendation.snooze": onRecommendation(undefined, { days: 7 }),
  "notificationChannel.update": async (w, db) => ({
    ...(await onChannel(w, db)),
    settings: { kind: "EMAIL", recipients: ["changed@example.test"] },
  }),
  "report.list": (w) => ({ organizationId: w.organizationId, workspaceId: w.workspaceId }),
  "report.get": onReport,
  "report.create": (w) => ({
    organizationId: w.organizationId,
    workspaceId: w.workspaceId,
    title: `matrix-${randomUUID().slice(0, 8)}`,
    schedule: { type: "DAILY", time: "08:00" },
    checks: [{ kind: "DAG", deploymentId: w.deploymentId, dagId: "matrix_dag" }],
  }),
  "report.update": async (w, db) => ({ ...(await onReport(w, db)), description: "changed" }),
  "report.delete": onReport,
  "report.run": onReport,
  "report.runs": onReport,
  "report.subscribers": onReport,
  "report.subscribe": async (w, db) => ({
    ...(await onReport(w, db)),
    email: `matrix-${randomUUID().slice(0, 8)}@outside.example`,
  }),
  "report.unsubscribe": async (w, db) => {
    const reportId = await workspaceReport(w, db);
    const subscriber = await db.reportSubscriber.create({
      data: {
        organizationId: w.organizationId,
        reportId,
        email: "matrix@outside.example",
        status: "PENDING",
      },
    });
    return { organizationId: w.organizationId, reportId, subscriberId: subscriber.id };
  },
  "report.issueStatusLink": onReport,
  "report.revokeStatusLink": onReport,
  "report.checkOptions": (w) => ({ organizationId: w.organizationId, workspaceId: w.workspaceId }),
  "report.previewSchedule": () => ({
    schedule: { type: "CRON", cron: "0 8 * * 1-5" },
    timeZone: "Europe/Berlin",
  }),
  "billing.overview": (w) => ({ organizationId: w.organizationId }),
  "billing.checkout": (w) => ({ organizationId: w.organizationId, plan: "team" }),
  "billing.portal": (w) => ({ organizationId: w.organizationId }),
};

/** An alert rule of the world's deployment. */
async function deploymentRule(w: World, db: PrismaClient): Promise<string> {
  const rule = await db.alertRule.create({
    data: {
      organizationId: w.organizationId,
      workspaceId: w.workspaceId,
      deploymentId: w.deploymentId,
      name: `matrix-${randomUUID().slice(0, 8)}`,
      type: "DAG_FAILURE",
      severity: "WARNING",
      patterns: [],
      properties: {},
    },
  });
  return rule.id;
}

/** An open incident of a rule of the world's deployment. */
async function deploymentIncident(w: World, db: PrismaClient): Promise<string> {
  const incident = await db.alertIncident.create({
    data: {
      organizationId: w.organizationId,
      ruleId: await deploymentRule(w, db),
      deploymentId: w.deploymentId,
      key: `matrix-${randomUUID().slice(0, 8)}`,
      severity: "WARNING",
      summary: "matrix incident",
      details: {},
      openedAt: new Date(),
    },
  });
  return incident.id;
}

/** An e-mail notification channel of the world's deployment (no secret to seal). */
async function deploymentChannel(w: World, db: PrismaClient): Promise<string> {
  const channel = await db.notificationChannel.create({
    data: {
      id: randomUUID(),
      organizationId: w.organizationId,
      workspaceId: w.workspaceId,
      deploymentId: w.deploymentId,
      name: `matrix-${randomUUID().slice(0, 8)}`,
      kind: "EMAIL",
      config: { recipients: ["matrix@example.test"] },
    },
  });
  return channel.id;
}

/** A DAG run of the world's deployment (a row of the run model, as derivation writes it). */
function seededRun(w: World, db: PrismaClient) {
  return db.dagRun.create({
    data: {
      organizationId: w.organizationId,
      deploymentId: w.deploymentId,
      runId: randomUUID(),
      jobNamespace: "default",
      dagId: "matrix_dag",
      state: "SUCCESS",
      lastEventTime: new Date(),
    },
  });
}

/** A status report of the world's workspace. */
async function workspaceReport(w: World, db: PrismaClient): Promise<string> {
  const report = await db.report.create({
    data: {
      organizationId: w.organizationId,
      workspaceId: w.workspaceId,
      title: `matrix-${randomUUID().slice(0, 8)}`,
      cron: "0 8 * * *",
      timeZone: "UTC",
    },
  });
  return report.id;
}

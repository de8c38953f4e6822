// A valid request for every operation of the OpenAPI document, aimed at a test world
// (buildWorld) through an organization owner's API token. The contract test fails for any
// operation without an entry here, so a new route cannot ship untested.

import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { PrismaClient } from "@skyport/db";
import {
  createSecretBox,
  deploymentBundleCredential,
  generateApiTokenSecret,
  parseKeyring,
} from "@skyport/domain";
import { seedRecommendation, type World } from "@skyport/testing";
import { Header } from "tar";
import { TEST_KEK } from "../support.ts";
import type { RestClient } from "./support.ts";
import { signUpOverRest } from "./support.ts";

export interface OperationRequest {
  /** Path parameters by name. */
  params: Record<string, string>;
  body?: Record<string, unknown>;
  query?: Record<string, string>;
  /** Bearer credential; defaults to the world's owner API token. */
  token?: string | null;
  /** A raw (non-JSON) body, e.g. a DAG bundle. */
  bytes?: Buffer;
}

export interface Fixture {
  world: World;
  ownerToken: string;
  db: PrismaClient;
  api: RestClient;
}

type OperationInput = (f: Fixture) => OperationRequest | Promise<OperationRequest>;

/** An organization-owner API token for the world's organization. */
export async function ownerTokenFor(db: PrismaClient, organizationId: string): Promise<string> {
  const { secret, prefix, secretHash } = generateApiTokenSecret();
  await db.apiToken.create({
    data: {
      organizationId,
      scope: "ORGANIZATION",
      role: "ORGANIZATION_OWNER",
      name: "contract",
      prefix,
      secretHash,
    },
  });
  return secret;
}

const org = (f: Fixture) => ({ organizationId: f.world.organizationId });
const ws = (f: Fixture) => ({ ...org(f), workspaceId: f.world.workspaceId });
const dep = (f: Fixture) => ({ ...org(f), deploymentId: f.world.deploymentId });
/** The world's deployment and a tuning recommendation seeded on it (OPEN unless told). */
const recommendationParams = async (f: Fixture, state?: "APPLIED") => ({
  ...dep(f),
  recommendationId: await seedRecommendation(f.db, f.world, state),
});

/** A finished DAG run of the world's deployment, as the derived model holds one. */
function contractRun(f: Fixture) {
  return f.db.dagRun.create({
    data: {
      organizationId: f.world.organizationId,
      deploymentId: f.world.deploymentId,
      runId: `contract-${Math.random().toString(36).slice(2)}`,
      jobNamespace: "default",
      dagId: "contract_dag",
      state: "SUCCESS",
      lastEventTime: new Date(),
    },
  });
}

// biome-ignore lint/suspicious/noExplicitAny: fixtures read whichever fields the answer has.
async function created(f: Fixture, path: string, body: Record<string, unknown>): Promise<any> {
  const answer = await f.api("POST", path, { token: f.ownerToken, body });
  if (answer.status !== 201) throw new Error(`fixture POST ${path} failed: ${answer.status} ${answer.text}`);
  return answer.body;
}

/** A one-file DAG bundle (tar.gz) whose content differs per call. */
function dagBundle(): { bytes: Buffer; sha256: string } {
  const content = Buffer.from(`# dag ${Math.random()}\n`);
  const header = Buffer.alloc(512);
  new Header({
    path: "dags/a.py",
    mode: 0o644,
    size: content.length,
    mtime: new Date(0),
    type: "File",
  }).encode(header, 0);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  const bytes = gzipSync(Buffer.concat([header, content, padding, Buffer.alloc(1024)]));
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** Uploads a bundle to the world's deployment and deploys it; answers its SHA-256 and the deploy. */
// biome-ignore lint/suspicious/noExplicitAny: fixtures read whichever fields the answer has.
async function deployedBundle(f: Fixture): Promise<{ sha256: string; deploy: any }> {
  const { bytes, sha256 } = dagBundle();
  const base = `/organizations/${f.world.organizationId}/deployments/${f.world.deploymentId}`;
  const uploaded = await f.api("PUT", `${base}/bundles/${sha256}`, {
    token: f.ownerToken,
    bytes,
    headers: { "content-type": "application/gzip" },
  });
  if (uploaded.status !== 201) throw new Error(`fixture upload failed: ${uploaded.status} ${uploaded.text}`);
  const deploy = await created(f, `${base}/deploys`, { bundleSha256: sha256 });
  return { sha256, deploy };
}

const bundleCredential = (f: Fixture) =>
  deploymentBundleCredential(f.db, createSecretBox({ keyring: parseKeyring(TEST_KEK) }), {
    organizationId: f.world.organizationId,
    deploymentId: f.world.deploymentId,
  });

async function celeryDeployment(f: Fixture): Promise<string> {
  const { deployment } = await created(f, `/organizations/${f.world.organizationId}/deployments`, {
    workspaceId: f.world.workspaceId,
    name: `celery-${Math.random().toString(36).slice(2, 8)}`,
    spec: { runtimeVersion: "3.3.1", executor: "CELERY" },
  });
  return deployment.id;
}

async function newTeam(f: Fixture): Promise<string> {
  const team = await created(f, `/organizations/${f.world.organizationId}/teams`, {
    name: `Team ${Math.random().toString(36).slice(2, 8)}`,
  });
  return team.id;
}

/** Request bodies that create one object of each environment kind, and a change to it. */
const ENVIRONMENT_KINDS = {
  EnvironmentVariable: {
    segment: "environment-variables",
    keyParam: "key",
    create: (key: string) => ({ key, value: "s3://bucket/raw", isSecret: false }),
    update: { value: "s3://bucket/clean" },
  },
  AirflowConnection: {
    segment: "airflow-connections",
    keyParam: "connectionId",
    create: (key: string) => ({ connectionId: key, uri: "postgres://etl:pw@db.internal:5432/warehouse" }),
    update: { host: "db2.internal" },
  },
  AirflowVariable: {
    segment: "airflow-variables",
    keyParam: "key",
    create: (key: string) => ({ key, value: "42", isSecret: true }),
    update: { value: "43" },
  },
} as const;

function environmentInputs(): Record<string, OperationInput> {
  const inputs: Record<string, OperationInput> = {};
  for (const [noun, kind] of Object.entries(ENVIRONMENT_KINDS)) {
    for (const scope of ["Deployment", "Workspace"] as const) {
      const owner = (f: Fixture) => (scope === "Deployment" ? dep(f) : ws(f));
      const collection = (f: Fixture) =>
        scope === "Deployment"
          ? `/organizations/${f.world.organizationId}/deployments/${f.world.deploymentId}/${kind.segment}`
          : `/organizations/${f.world.organizationId}/workspaces/${f.world.workspaceId}/${kind.segment}`;
      const existing = async (f: Fixture) => {
        const key = `CONTRACT_${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
        await created(f, collection(f), kind.create(key));
        return { ...owner(f), [kind.keyParam]: key };
      };
      inputs[`list${scope}${noun}s`] = (f) => ({ params: owner(f) });
      inputs[`create${scope}${noun}`] = (f) => ({ params: owner(f), body: kind.create("CONTRACT_NEW") });
      inputs[`get${scope}${noun}`] = async (f) => ({ params: await existing(f) });
      inputs[`update${scope}${noun}`] = async (f) => ({
        params: await existing(f),
        body: { ...kind.update },
      });
      inputs[`delete${scope}${noun}`] = async (f) => ({ params: await existing(f) });
      // Bulk update: one existing object changed and one added, in one request.
      inputs[`bulkUpdate${scope}${noun}s`] = async (f) => {
        const { [kind.keyParam]: key, ...params } = (await existing(f)) as Record<string, string>;
        return {
          params,
          body: { entries: [{ [kind.keyParam]: key, ...kind.update }, kind.create("CONTRACT_BULK")] },
        };
      };
    }
  }
  return inputs;
}

export const OPERATION_INPUTS: Record<string, OperationInput> = {
  ...environmentInputs(),
  importDeploymentEnvironmentVariables: (f) => ({
    params: dep(f),
    body: { text: "WAREHOUSE=snowflake\nREGION=eu-west-1\n", isSecret: false },
  }),
  importWorkspaceEnvironmentVariables: (f) => ({
    params: ws(f),
    body: { text: "WAREHOUSE=snowflake\n", linkAllDeployments: true },
  }),
  getDeploymentEnvironment: (f) => ({ params: dep(f) }),
  signUp: () => ({
    params: {},
    token: null,
    body: {
      email: `contract-${Math.random().toString(36).slice(2)}@example.com`,
      password: "correct horse battery staple",
      name: "Contract",
      organizationName: "Contract data team",
    },
  }),
  signIn: async (f) => {
    const person = await signUpOverRest(f.api, "Signin");
    return {
      params: {},
      token: null,
      body: { email: person.email, password: "correct horse battery staple" },
    };
  },
  signOut: async (f) => ({ params: {}, token: (await signUpOverRest(f.api, "Signout")).token }),
  whoAmI: () => ({ params: {} }),
  listOrganizations: () => ({ params: {} }),
  getOrganization: (f) => ({ params: org(f) }),
  updateOrganization: (f) => ({ params: org(f), body: { name: "Renamed organization" } }),
  listOrganizationUsers: (f) => ({ params: org(f) }),
  updateOrganizationUserRole: (f) => ({
    params: { ...org(f), userId: f.world.bystander.id },
    body: { role: "ORGANIZATION_BILLING_ADMIN" },
  }),
  removeOrganizationUser: (f) => ({ params: { ...org(f), userId: f.world.bystander.id } }),
  listInvitations: (f) => ({ params: org(f) }),
  inviteOrganizationUser: (f) => ({
    params: org(f),
    body: {
      email: `invitee-${Math.random().toString(36).slice(2)}@example.com`,
      role: "ORGANIZATION_MEMBER",
    },
  }),
  revokeInvitation: async (f) => {
    const sent = await created(f, `/organizations/${f.world.organizationId}/invitations`, {
      email: `revoke-${Math.random().toString(36).slice(2)}@example.com`,
      role: "ORGANIZATION_MEMBER",
    });
    return { params: { ...org(f), invitationId: sent.invitation?.id ?? sent.id } };
  },
  listWorkspaces: (f) => ({ params: org(f) }),
  createWorkspace: (f) => ({
    params: org(f),
    body: { name: `Workspace ${Math.random().toString(36).slice(2, 8)}` },
  }),
  getWorkspace: (f) => ({ params: ws(f) }),
  updateWorkspace: (f) => ({ params: ws(f), body: { description: "Reporting pipelines" } }),
  deleteWorkspace: async (f) => {
    const workspace = await created(f, `/organizations/${f.world.organizationId}/workspaces`, {
      name: "Empty",
    });
    return { params: { ...org(f), workspaceId: workspace.id } };
  },
  listWorkspaceUsers: (f) => ({ params: ws(f) }),
  addWorkspaceUser: (f) => ({
    params: ws(f),
    body: { userId: f.world.bystander.id, role: "WORKSPACE_AUTHOR" },
  }),
  updateWorkspaceUserRole: (f) => ({
    params: { ...ws(f), userId: f.world.users.workspaceMember.id },
    body: { role: "WORKSPACE_AUTHOR" },
  }),
  removeWorkspaceUser: (f) => ({ params: { ...ws(f), userId: f.world.users.workspaceMember.id } }),
  addWorkspaceTeam: async (f) => ({
    params: ws(f),
    body: { teamId: await newTeam(f), role: "WORKSPACE_MEMBER" },
  }),
  updateWorkspaceTeamRole: (f) => ({
    params: { ...ws(f), teamId: f.world.teamId },
    body: { role: "WORKSPACE_AUTHOR" },
  }),
  removeWorkspaceTeam: (f) => ({ params: { ...ws(f), teamId: f.world.teamId } }),
  // Without workspaceId: every workspace the caller may read (with it: see rest-api.test.ts).
  listDeployments: (f) => ({ params: org(f) }),
  createDeployment: (f) => ({
    params: org(f),
    body: {
      workspaceId: f.world.workspaceId,
      name: "contract",
      spec: { runtimeVersion: "3.3.1", executor: "CELERY" },
    },
  }),
  getDeployment: (f) => ({ params: dep(f) }),
  updateDeployment: (f) => ({ params: dep(f), body: { description: "Nightly loads" } }),
  deleteDeployment: (f) => ({ params: dep(f) }),
  getDeploymentLogs: (f) => ({ params: dep(f), query: { component: "scheduler", lines: "50" } }),
  revealAirflowSignIn: (f) => ({ params: dep(f) }),
  getRuntimeCatalog: () => ({ params: {} }),
  listDeploymentAdmins: (f) => ({ params: dep(f) }),
  grantDeploymentAdminUser: (f) => ({ params: { ...dep(f), userId: f.world.bystander.id } }),
  revokeDeploymentAdminUser: (f) => ({ params: { ...dep(f), userId: f.world.users.deploymentAdmin.id } }),
  grantDeploymentAdminTeam: (f) => ({ params: { ...dep(f), teamId: f.world.teamId } }),
  revokeDeploymentAdminTeam: async (f) => {
    await f.api(
      "PUT",
      `/organizations/${f.world.organizationId}/deployments/${f.world.deploymentId}/admins/teams/${f.world.teamId}`,
      {
        token: f.ownerToken,
      },
    );
    return { params: { ...dep(f), teamId: f.world.teamId } };
  },
  listWorkerQueues: async (f) => ({ params: { ...org(f), deploymentId: await celeryDeployment(f) } }),
  createWorkerQueue: async (f) => ({
    params: { ...org(f), deploymentId: await celeryDeployment(f) },
    body: { name: "ml", workerSize: "M", maxWorkers: 4 },
  }),
  updateWorkerQueue: async (f) => ({
    params: { ...org(f), deploymentId: await celeryDeployment(f), name: "default" },
    body: { maxWorkers: 5 },
  }),
  deleteWorkerQueue: async (f) => {
    const deploymentId = await celeryDeployment(f);
    await created(f, `/organizations/${f.world.organizationId}/deployments/${deploymentId}/worker-queues`, {
      name: "ml",
    });
    return { params: { ...org(f), deploymentId, name: "ml" } };
  },
  listTeams: (f) => ({ params: org(f) }),
  createTeam: (f) => ({ params: org(f), body: { name: "Analysts" } }),
  updateTeam: (f) => ({ params: { ...org(f), teamId: f.world.teamId }, body: { name: "Platform" } }),
  deleteTeam: (f) => ({ params: { ...org(f), teamId: f.world.teamId } }),
  addTeamMember: (f) => ({ params: { ...org(f), teamId: f.world.teamId, userId: f.world.bystander.id } }),
  removeTeamMember: (f) => ({
    params: { ...org(f), teamId: f.world.teamId, userId: f.world.users.teamWorkspaceOperator.id },
  }),
  listApiTokens: (f) => ({ params: org(f) }),
  createApiToken: (f) => ({
    params: org(f),
    body: {
      name: "deploys",
      scope: "WORKSPACE",
      workspaceId: f.world.workspaceId,
      role: "WORKSPACE_OPERATOR",
    },
  }),
  revokeApiToken: async (f) => {
    const minted = await created(f, `/organizations/${f.world.organizationId}/api-tokens`, {
      name: "short-lived",
      scope: "ORGANIZATION",
      role: "ORGANIZATION_MEMBER",
    });
    return { params: { ...org(f), apiTokenId: minted.apiToken.id } };
  },
  listAuditEvents: (f) => ({ params: org(f), query: { action: "workspace.create" } }),
  exportAuditEvents: (f) => ({ params: org(f) }),
  verifyAuditLog: (f) => ({ params: org(f) }),
  rotateIngestToken: (f) => ({ params: dep(f) }),
  getIngestToken: (f) => ({ params: dep(f) }),
  listDagRuns: (f) => ({ params: dep(f), query: { state: "SUCCESS" } }),
  getDeploymentMetrics: (f) => ({ params: dep(f), query: { series: "executor_queued_tasks,workers" } }),
  getDagRun: async (f) => ({ params: { ...dep(f), dagRunId: (await contractRun(f)).id } }),
  getDagRunLineage: async (f) => ({ params: { ...dep(f), dagRunId: (await contractRun(f)).id } }),
  getDagSummary: async (f) => ({
    params: { ...dep(f), dagId: (await contractRun(f)).dagId },
    query: { window: "30d" },
  }),
  getTelemetrySummary: (f) => ({ params: dep(f) }),
  getRunsOverview: (f) => ({ params: dep(f), query: { range: "7d" } }),
  listFailingDags: (f) => ({ params: org(f), query: { limit: "10" } }),
  uploadBundle: (f) => {
    const { bytes, sha256 } = dagBundle();
    return { params: { ...dep(f), sha256 }, bytes };
  },
  getBundle: async (f) => ({ params: { ...dep(f), sha256: (await deployedBundle(f)).sha256 } }),
  createDeploy: async (f) => {
    const { bytes, sha256 } = dagBundle();
    const uploaded = await f.api(
      "PUT",
      `/organizations/${f.world.organizationId}/deployments/${f.world.deploymentId}/bundles/${sha256}`,
      {
        token: f.ownerToken,
        bytes,
      },
    );
    if (uploaded.status !== 201)
      throw new Error(`fixture upload failed: ${uploaded.status} ${uploaded.text}`);
    return {
      params: dep(f),
      body: { bundleSha256: sha256, description: "contract", ci: { commit: "abc123" } },
    };
  },
  listDeploys: async (f) => {
    await deployedBundle(f);
    return { params: dep(f) };
  },
  getDeploy: async (f) => ({ params: { ...dep(f), deployId: (await deployedBundle(f)).deploy.id } }),
  rollbackDeploy: async (f) => {
    const first = await deployedBundle(f);
    await deployedBundle(f);
    return { params: { ...dep(f), deployId: String(first.deploy.number) }, body: {} };
  },
  createImageDeploy: (f) => ({
    params: dep(f),
    body: { image: "ghcr.io/acme/airflow:2026.12.05", runtimeVersion: "3.3.1", description: "contract" },
  }),
  getRegistryCredential: (f) => ({ params: dep(f) }),
  setRegistryCredential: (f) => ({
    params: dep(f),
    body: { registry: "ghcr.io", username: "acme-ci", password: "contract-registry-password" },
  }),
  deleteRegistryCredential: async (f) => {
    const set = await f.api(
      "PUT",
      `/organizations/${f.world.organizationId}/deployments/${f.world.deploymentId}/registry-credential`,
      { token: f.ownerToken, body: { registry: "ghcr.io", username: "acme-ci", password: "to delete" } },
    );
    if (set.status !== 200) throw new Error(`fixture credential failed: ${set.status} ${set.text}`);
    return { params: dep(f) };
  },
  runtimeCurrentBundle: async (f) => {
    await deployedBundle(f);
    return { params: {}, token: await bundleCredential(f) };
  },
  runtimeDownloadBundle: async (f) => ({
    params: { sha256: (await deployedBundle(f)).sha256 },
    token: await bundleCredential(f),
  }),
  listAlerts: (f) => ({ params: org(f), query: { deploymentId: f.world.deploymentId } }),
  createAlert: (f) => ({
    params: org(f),
    body: {
      workspaceId: f.world.workspaceId,
      deploymentId: f.world.deploymentId,
      name: `contract-${Math.random().toString(36).slice(2, 8)}`,
      type: "DAG_TIMELINESS",
      severity: "CRITICAL",
      patterns: [{ entity: "DAG_ID", operator: "IS", values: ["daily_*"] }],
      properties: { deadline: "06:00", timeZone: "Europe/Berlin", lookBackSeconds: 3600 },
    },
  }),
  getAlert: async (f) => ({ params: { ...org(f), ruleId: (await contractRule(f)).id } }),
  updateAlert: async (f) => ({
    params: { ...org(f), ruleId: (await contractRule(f)).id },
    body: { severity: "INFO" },
  }),
  muteAlert: async (f) => ({
    params: { ...org(f), ruleId: (await contractRule(f)).id },
    body: { until: new Date(Date.now() + 3_600_000).toISOString(), dagId: "nightly_etl", taskId: "load" },
  }),
  deleteAlert: async (f) => ({ params: { ...org(f), ruleId: (await contractRule(f)).id } }),
  listIncidents: (f) => ({ params: dep(f) }),
  listNotificationChannels: (f) => ({ params: org(f), query: { workspaceId: f.world.workspaceId } }),
  createNotificationChannel: (f) => ({
    params: org(f),
    body: {
      workspaceId: f.world.workspaceId,
      name: `contract-${Math.random().toString(36).slice(2, 8)}`,
      settings: { kind: "SLACK", webhookUrl: "https://hooks.slack.example/services/T/B/contract" },
    },
  }),
  deleteNotificationChannel: async (f) => ({
    params: { ...org(f), channelId: (await contractChannel(f)).id },
  }),
  testNotificationChannel: async (f) => ({ params: { ...org(f), channelId: (await contractChannel(f)).id } }),
  listRecommendations: (f) => ({ params: dep(f), query: { state: "OPEN" } }),
  applyRecommendation: async (f) => ({ params: await recommendationParams(f) }),
  revertRecommendation: async (f) => ({ params: await recommendationParams(f, "APPLIED") }),
  dismissRecommendation: async (f) => ({
    params: await recommendationParams(f),
    body: { reason: "not for this deployment" },
  }),
  snoozeRecommendation: async (f) => ({ params: await recommendationParams(f), body: { days: 7 } }),
  updateNotificationChannel: async (f) => ({
    params: { ...org(f), channelId: (await contractChannel(f)).id },
    body: { name: `contract-${Math.random().toString(36).slice(2, 8)}`, shared: false },
  }),
  listReports: (f) => ({ params: org(f), query: { workspaceId: f.world.workspaceId } }),
  createReport: (f) => ({
    params: org(f),
    body: {
      workspaceId: f.world.workspaceId,
      title: `contract-${Math.random().toString(36).slice(2, 8)}`,
      schedule: { type: "WEEKLY", day: "MONDAY", time: "09:00" },
      timeZone: "Europe/Berlin",
      checks: [{ kind: "TASK", deploymentId: f.world.deploymentId, dagId: "sales", taskId: "load" }],
    },
  }),
  getReport: async (f) => ({ params: await reportParams(f) }),
  updateReport: async (f) => ({ params: await reportParams(f), body: { sendMode: "ON_CHANGE" } }),
  deleteReport: async (f) => ({ params: await reportParams(f) }),
  runReport: async (f) => ({ params: await reportParams(f) }),
  listReportRuns: async (f) => ({ params: await reportParams(f) }),
  listReportSubscribers: async (f) => ({ params: await reportParams(f) }),
  addReportSubscriber: async (f) => ({
    params: await reportParams(f),
    body: { email: "contract@outside.example" },
  }),
  removeReportSubscriber: async (f) => {
    const params = await reportParams(f);
    const subscriber = await created(
      f,
      `/organizations/${params.organizationId}/reports/${params.reportId}/subscribers`,
      {
        email: "remove-me@outside.example",
      },
    );
    return { params: { ...params, subscriberId: subscriber.id } };
  },
  issueReportStatusLink: async (f) => ({ params: await reportParams(f) }),
  revokeReportStatusLink: async (f) => ({ params: await reportParams(f) }),
  getBilling: (f) => ({ params: org(f) }),
  startBillingCheckout: (f) => ({ params: org(f), body: { plan: "team" } }),
  openBillingPortal: (f) => ({ params: org(f) }),
};

/** An alert rule of the world's deployment, created over REST. */
function contractRule(f: Fixture) {
  return created(f, `/organizations/${f.world.organizationId}/alerts`, {
    workspaceId: f.world.workspaceId,
    deploymentId: f.world.deploymentId,
    name: `contract-${Math.random().toString(36).slice(2, 8)}`,
    type: "DAG_FAILURE",
  });
}

/** An e-mail notification channel of the world's workspace, created over REST. */
function contractChannel(f: Fixture) {
  return created(f, `/organizations/${f.world.organizationId}/notification-channels`, {
    workspaceId: f.world.workspaceId,
    name: `contract-${Math.random().toString(36).slice(2, 8)}`,
    settings: { kind: "EMAIL", recipients: ["contract@example.test"] },
  });
}

/** A status report of the world's workspace, created over REST, as path parameters. */
async function reportParams(f: Fixture) {
  const report = await created(f, `/organizations/${f.world.organizationId}/reports`, {
    workspaceId: f.world.workspaceId,
    title: `contract-${Math.random().toString(36).slice(2, 8)}`,
    schedule: { type: "DAILY", time: "08:00" },
  });
  return { ...org(f), reportId: report.id as string };
}

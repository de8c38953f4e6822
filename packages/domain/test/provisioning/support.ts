// Test support for the provisioning slice (the reconciler's tests here, the worker process's in
// apps/worker): a per-file Skyport database with an organization and a workspace, the runtime
// PostgreSQL server (the test server), a real Kubernetes control plane (useRealReconciler) or the
// API stand-in for injected faults, and deployments created as the console would leave them
// (status CREATING, generation 1).
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { DeploymentStatus, PrismaClient } from "@skyport/db";
import { type DeploymentSpecInput, parseDeploymentSpec } from "@skyport/deployment-spec";
import { createSecretBox, parseKeyring } from "@skyport/domain";
import {
  DeploymentReconciler,
  type LocalRuntimeTarget,
  prismaProvisioningRepository,
  ReconcileLocks,
  type ReconcilerSettings,
} from "@skyport/domain/provisioning";
import { createLogger } from "@skyport/logger";
import {
  dropMetadataDatabase,
  type KubeObject,
  KubernetesApplier,
  metadataDatabaseName,
  renderDeployment,
} from "@skyport/provisioning";
import { createTestDatabase, databaseUrlFor, testPostgresServerUrl } from "@skyport/testing";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { KubeStandIn } from "../../../provisioning/test/support/kube-stand-in.ts";
import {
  type RealCluster,
  realClusterAvailable,
  useRealCluster,
} from "../../../provisioning/test/support/real-cluster.ts";

export { KubeStandIn };

/** The worker tests' keyring: one KEK, "worker-test" (32 bytes, base64). */
export const TEST_KEK = `worker-test:${Buffer.from("worker-test-kek-0123456789abcdef").toString("base64")}`;

export const SPEC: DeploymentSpecInput = {
  name: "sales-etl",
  runtimeVersion: "3.3.1",
  executor: "CELERY",
  schedulerSize: "S",
  workerQueues: [
    { name: "default", workerSize: "S", minWorkers: 1, maxWorkers: 3, workerConcurrency: 8 },
    { name: "heavy", workerSize: "M", minWorkers: 0, maxWorkers: 2, workerConcurrency: 4 },
  ],
};

/** A normalised spec as the domain stores it. */
export function storedSpec(input: DeploymentSpecInput = SPEC): object {
  const parsed = parseDeploymentSpec(input);
  if (!parsed.ok) throw new Error(`invalid test spec: ${JSON.stringify(parsed.issues)}`);
  return JSON.parse(JSON.stringify(parsed.spec));
}

export function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { logger: createLogger({ name: "worker", destination, level: "debug" }), lines };
}

export { waitFor } from "@skyport/testing";

export interface Harness {
  db: PrismaClient;
  databaseUrl: string;
  /** Superuser connection to the runtime server (the test server's `postgres` database). */
  runtimeAdminUrl: string;
  runtimeAdmin: pg.Pool;
  /** How the test server is reached: host and port, as the Secrets' URLs name it. */
  runtimeServer: { host: string; port: number };
  organizationId: string;
  workspaceId: string;
  /** Deployments created by this file, for clean-up of their metadata databases. */
  shortIds: Set<string>;
  createDeployment(options?: {
    spec?: object;
    shortId?: string;
    status?: DeploymentStatus;
  }): Promise<{ id: string; namespace: string; shortId: string }>;
  databaseState(shortId: string): Promise<{ databases: number; roles: number; verifier: string | null }>;
  /** A deployment's row as stored now. */
  deploymentRow(id: string): ReturnType<PrismaClient["deployment"]["findUniqueOrThrow"]>;
}

let sequence = 0;

export async function createHarness(): Promise<Harness> {
  const { db, url: databaseUrl } = await createTestDatabase();
  const serverUrl = new URL(testPostgresServerUrl());
  const runtimeAdminUrl = databaseUrlFor(serverUrl.toString(), "postgres");
  const runtimeAdmin = new pg.Pool({ connectionString: runtimeAdminUrl, max: 3 });
  const tag = randomBytes(3).toString("hex");
  const organization = await db.organization.create({ data: { name: `Prov ${tag}`, slug: `prov-${tag}` } });
  const workspace = await db.workspace.create({ data: { organizationId: organization.id, name: "Data" } });
  const shortIds = new Set<string>();

  afterAll(async () => {
    for (const shortId of shortIds) {
      await dropMetadataDatabase(runtimeAdmin, { deploymentShortId: shortId }).catch(() => {});
    }
    await runtimeAdmin.end();
  });

  return {
    db,
    databaseUrl,
    runtimeAdminUrl,
    runtimeAdmin,
    runtimeServer: { host: serverUrl.hostname, port: Number(serverUrl.port || 5432) },
    organizationId: organization.id,
    workspaceId: workspace.id,
    shortIds,
    async createDeployment(options = {}) {
      sequence++;
      // 8 characters like the console's short ids: this file's random tag and a counter.
      const shortId = options.shortId ?? `${tag}${sequence.toString(36).padStart(2, "0")}`;
      shortIds.add(shortId);
      const namespace = `skyport-${shortId}`;
      const row = await db.deployment.create({
        data: {
          organizationId: organization.id,
          workspaceId: workspace.id,
          name: `etl-${sequence}`,
          spec: (options.spec ?? storedSpec()) as never,
          namespace,
          status: options.status ?? "CREATING",
          statusReason: "Waiting for the provisioner to create the runtime.",
        },
      });
      return { id: row.id, namespace, shortId };
    },
    deploymentRow: (id) => db.deployment.findUniqueOrThrow({ where: { id } }),
    async databaseState(shortId) {
      const name = metadataDatabaseName(shortId);
      const { rows } = await runtimeAdmin.query(
        `SELECT (SELECT count(*)::int FROM pg_database WHERE datname = $1) AS databases,
                (SELECT count(*)::int FROM pg_roles WHERE rolname = $1) AS roles,
                (SELECT rolpassword FROM pg_authid WHERE rolname = $1) AS verifier`,
        [name],
      );
      return rows[0];
    },
  };
}

export type ReconcileReason = "create" | "update" | "delete" | "drift" | "retry";

export interface ReconcilerFixture {
  reconciler: DeploymentReconciler;
  /** One reconcile of a deployment, as the worker's job runs it (not its final attempt unless said). */
  run(
    id: string,
    reason: ReconcileReason,
    finalAttempt?: boolean,
  ): ReturnType<DeploymentReconciler["reconcile"]>;
  lines: string[];
  close(): Promise<void>;
}

/** The reconciler as the worker builds it, against the stand-in, a real API server, or render-only. */
export function createReconciler(
  harness: Harness,
  options: {
    standIn?: KubeStandIn | null;
    /** A real API server instead (see useRealReconciler). */
    kube?: { kubeConfig: RealCluster["kubeConfig"]; server: string };
    manifestsDir?: string;
    settings?: Partial<ReconcilerSettings>;
    /** The `local` target (no cluster): real processes on this machine. */
    local?: LocalRuntimeTarget;
    renderOnlyBecause?: string;
  } = {},
): ReconcilerFixture {
  const { logger, lines } = capturingLogger();
  const locks = new ReconcileLocks(harness.databaseUrl, 4);
  const runtimeDatabase = new pg.Pool({ connectionString: harness.runtimeAdminUrl, max: 4 });
  const kube =
    options.kube ??
    (options.standIn ? { kubeConfig: options.standIn.kubeConfig(), server: options.standIn.url } : null);
  const applier = kube ? new KubernetesApplier(kube.kubeConfig) : null;
  const reconciler = new DeploymentReconciler({
    repository: prismaProvisioningRepository(harness.db),
    secrets: createSecretBox({ keyring: parseKeyring(TEST_KEK) }),
    logger,
    locks,
    runtimeDatabase,
    target: {
      cluster: applier && kube ? { applier, server: kube.server } : null,
      manifestsDir: options.manifestsDir ?? mkdtempSync(path.join(os.tmpdir(), "skyport-manifests-")),
      ...(options.local ? { local: options.local } : {}),
      ...(options.renderOnlyBecause ? { renderOnlyBecause: options.renderOnlyBecause } : {}),
    },
    settings: {
      baseDomain: "airflow.skyport.test",
      runtimeDatabase: harness.runtimeServer,
      controlPlane: { namespace: "skyport", podLabels: { "app.kubernetes.io/component": "worker" } },
      readyTimeoutMs: 20_000,
      readinessPollMs: 50,
      readinessMaxPollMs: 200,
      ...options.settings,
    },
  });
  return {
    reconciler,
    run: (id, reason, finalAttempt = false) => reconciler.reconcile(id, { reason, finalAttempt }),
    lines,
    async close() {
      applier?.close();
      await Promise.all([locks.close(), runtimeDatabase.end()]);
    },
  };
}

/** Keys of the objects a deployment's spec renders to (secrets do not change which objects). */
export function expectedObjectKeys(
  deployment: { id: string; shortId: string },
  harness: Harness,
  spec: object,
  /** Where the runtime's DAG bundle sync reaches Skyport, when the worker renders one. */
  bundleSync?: { url: string; cidr: string; port: number },
  /** Where the runtime posts OpenLineage events, when the worker renders that. */
  openLineage?: { url: string; cidr: string; port: number },
): string[] {
  const parsed = parseDeploymentSpec(spec);
  if (!parsed.ok) throw new Error("invalid spec");
  return renderDeployment({
    deploymentId: deployment.id,
    shortId: deployment.shortId,
    organizationId: harness.organizationId,
    workspaceId: harness.workspaceId,
    name: "x",
    spec: parsed.spec,
    generation: 1,
    baseDomain: "airflow.skyport.test",
    controlPlane: { namespace: "skyport" },
    runtimeDatabase: harness.runtimeServer,
    clusterApi: { cidr: "127.0.0.1/32", port: 443 },
    secrets: "redacted",
    ...(bundleSync ? { bundleSync: { ...bundleSync, credential: "redacted" } } : {}),
    ...(openLineage ? { openLineage: { ...openLineage, token: null } } : {}),
  })
    .map((object: KubeObject) => `${object.kind}/${object.metadata.name}`)
    .sort();
}

/** Decoded data of a Secret the stand-in holds. */
export function secretData(standIn: KubeStandIn, namespace: string, name: string): Record<string, string> {
  const secret = standIn.get("v1", "Secret", namespace, name);
  const data = (secret?.data ?? {}) as Record<string, string>;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, "base64").toString()]));
}

/** A stand-in cluster and a reconciler against it; set in beforeAll, so valid inside tests only. */
export interface StandInReconciler {
  standIn: KubeStandIn;
  fixture: ReconcilerFixture;
}

/** Registers the beforeAll/afterAll that start and stop the stand-in and its reconciler. */
export function useStandInReconciler(
  harness: Harness,
  settings?: Partial<ReconcilerSettings>,
): StandInReconciler {
  const cluster = {} as Partial<StandInReconciler>;
  beforeAll(async () => {
    const standIn = await KubeStandIn.start();
    cluster.standIn = standIn;
    cluster.fixture = createReconciler(harness, settings ? { standIn, settings } : { standIn });
  });
  afterAll(async () => {
    await cluster.fixture?.close();
    await cluster.standIn?.stop();
  });
  return cluster as StandInReconciler;
}

/** A real control plane (one per file) and a reconciler against it; valid inside tests only, and
 * only when realClusterAvailable (suites skip otherwise: describe.skipIf). */
export interface RealReconciler {
  real: () => RealCluster;
  fixture: ReconcilerFixture;
}

/** Registers the beforeAll/afterAll that start and stop the real control plane and a reconciler
 * against it, waiting for readiness as long as kwok's pods need. */
export function useRealReconciler(harness: Harness, settings?: Partial<ReconcilerSettings>): RealReconciler {
  const real = useRealCluster();
  const cluster = { real } as RealReconciler;
  beforeAll(() => {
    if (!realClusterAvailable) return;
    const { cluster: started, kubeConfig } = real();
    cluster.fixture = createReconciler(harness, {
      kube: { kubeConfig, server: started.url },
      settings: { readyTimeoutMs: 120_000, readinessPollMs: 200, readinessMaxPollMs: 1_000, ...settings },
    });
  });
  afterAll(async () => {
    await cluster.fixture?.close();
  });
  return cluster;
}

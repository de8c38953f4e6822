// Provisioning benchmark against a REAL Kubernetes API server (kube-apiserver + etcd from
// `npm run kube:install`, with its default admission plugins; no controllers, so no pods: this
// measures Skyport's API traffic, not kwok) through the real @kubernetes/client-node, and the
// drift sweep at scale against real PostgreSQL and Redis. Not part of `npm test`; run
// `npm run bench:provisioning`.
//
//   --deployments <n>  how many deployments are applied (default 1000)
//   --concurrency <n>  deployments applied at once (default 16)
//   --sweep <n>        deployments in the drift sweep's database (default 100000)
//   e.g. npm run bench:provisioning -- --deployments 100 --sweep 10000
//
// API calls are counted from the API server's audit log (every request of Skyport's user).
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { KubeConfig } from "@kubernetes/client-node";
import pg from "pg";
import { createDatabaseClient } from "../packages/db/src/index.ts";
import {
  type DeploymentSpecInput,
  deploymentSpec,
  RUNTIME_VERSIONS,
} from "../packages/deployment-spec/src/index.ts";
import {
  driftSweepTick,
  HEALTHY_ROUND_TICKS,
  prismaProvisioningRepository,
  sweepForDrift,
} from "../packages/domain/src/provisioning/index.ts";
import {
  generateRuntimeSecrets,
  type KubeObject,
  KubernetesApplier,
  objectKey,
  type RenderInput,
  renderDeployment,
  validateObject,
} from "../packages/provisioning/src/index.ts";
import { createRedisConnection, JobProducer } from "../packages/queue/src/index.ts";
import {
  installKedaCrds,
  type KubeCluster,
  startKubeCluster,
  WRITE_VERBS,
} from "../packages/testing/src/kube-cluster.ts";
import { hasKubeBinaries } from "../scripts/kube/kube.ts";
import { benchDatabase, benchRedis, log } from "./support.ts";

const { values: args } = parseArgs({
  options: {
    deployments: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "16" },
    sweep: { type: "string", default: "100000" },
  },
});
const SWEEP = Number(args.sweep);
/** The default tick (DRIFT_SWEEP_INTERVAL_MS). */
const TICK_MS = 300_000;
const COUNT = Number(args.deployments);
const CONCURRENCY = Number(args.concurrency);
const SECRETS = generateRuntimeSecrets();

/** A deterministic mix: both executors, every runtime, 1–3 queues, some HA. */
function specFor(i: number, concurrency = 16): DeploymentSpecInput {
  const celery = i % 4 !== 3;
  const queues = celery
    ? Array.from({ length: 1 + (i % 3) }, (_, q) => ({
        name: q === 0 ? "default" : `queue-${q}`,
        workerSize: (["S", "M", "L"] as const)[q % 3],
        minWorkers: q === 0 ? 1 : 0,
        maxWorkers: 5 + q * 5,
        workerConcurrency: q === 0 ? concurrency : 8,
      }))
    : [];
  return {
    name: `deployment-${i}`,
    runtimeVersion: RUNTIME_VERSIONS[i % RUNTIME_VERSIONS.length] ?? "3.3.1",
    executor: celery ? "CELERY" : "KUBERNETES",
    schedulerSize: (["S", "M", "L"] as const)[i % 3],
    highAvailability: i % 5 === 0,
    workerQueues: queues,
    airflowConfigOverrides: [{ section: "core", key: "parallelism", value: String(32 + (i % 64)) }],
  };
}

function inputFor(i: number, concurrency = 16): RenderInput {
  const spec = deploymentSpec(specFor(i, concurrency));
  return {
    deploymentId: `dep${i}`,
    shortId: `b${i.toString(36)}`,
    organizationId: `org${i % 50}`,
    workspaceId: `ws${i % 200}`,
    name: spec.name,
    spec,
    generation: 1,
    baseDomain: "airflow.bench.example",
    controlPlane: { namespace: "skyport-system" },
    runtimeDatabase: { host: "10.20.0.5", port: 5432 },
    clusterApi: { cidr: "10.96.0.1/32", port: 443 },
    secrets: { ...SECRETS, metadataDbUrl: `postgresql://dep${i}:password-${i}@10.20.0.5:5432/airflow_${i}` },
  };
}

async function pool<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

function rate(count: number, ms: number): string {
  return `${((count * 1000) / ms).toFixed(1)}/s`;
}

function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(52)} ${value}\n`);
}

/** Skyport's API calls since the last call of this, as reads and writes. */
function meter(cluster: KubeCluster) {
  let mark = cluster.requestsBySkyport().length;
  return () => {
    const calls = cluster.requestsBySkyport().slice(mark);
    mark += calls.length;
    const writes = calls.filter((c) => WRITE_VERBS.has(c.verb) && !c.dryRun).length;
    return { calls: calls.length, writes, reads: calls.length - writes };
  };
}

async function main(): Promise<void> {
  if (!hasKubeBinaries())
    throw new Error("the Kubernetes control plane is not built: run `npm run kube:install`");
  const cluster = await startKubeCluster({ controllers: false });
  await installKedaCrds(cluster);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(cluster.kubeconfigYaml(cluster.skyportToken));
  const applier = new KubernetesApplier(kubeConfig);
  const calls = meter(cluster);
  const indexes = Array.from({ length: COUNT }, (_, i) => i);
  process.stdout.write(
    `provisioning bench: ${COUNT} deployments against kube-apiserver ${cluster.url}, concurrency ${CONCURRENCY}, node ${process.version}\n\n`,
  );

  let start = performance.now();
  const rendered = indexes.map((i) => renderDeployment(inputFor(i)));
  const renderMs = performance.now() - start;
  const objectCount = rendered.reduce((sum, objects) => sum + objects.length, 0);
  line("render", `${renderMs.toFixed(0)} ms, ${rate(COUNT, renderMs)} deployments, ${objectCount} objects`);

  start = performance.now();
  let invalid = 0;
  for (const objects of rendered) for (const object of objects) invalid += validateObject(object).length;
  const validateMs = performance.now() - start;
  line(
    "validate (OpenAPI schema + naming + unknown fields)",
    `${validateMs.toFixed(0)} ms, ${rate(objectCount, validateMs)} objects, ${invalid} issues`,
  );

  calls();
  start = performance.now();
  await pool(indexes, async (i) => {
    await applier.apply(rendered[i] as KubeObject[]);
  });
  const applyMs = performance.now() - start;
  const initial = calls();
  line(
    "initial apply (create)",
    `${applyMs.toFixed(0)} ms, ${rate(COUNT, applyMs)} deployments, ${rate(initial.writes, applyMs)} writes`,
  );
  line(
    "  API calls",
    `${initial.calls} (${initial.writes} writes, ${(initial.calls / COUNT).toFixed(1)} per deployment)`,
  );

  start = performance.now();
  await pool(indexes, async (i) => {
    await applier.apply(renderDeployment(inputFor(i)));
  });
  const reconcileMs = performance.now() - start;
  const unchanged = calls();
  line(
    "unchanged reconcile (render + apply)",
    `${reconcileMs.toFixed(0)} ms, ${rate(COUNT, reconcileMs)} deployments`,
  );
  line(
    "  API calls per unchanged reconcile",
    `${(unchanged.reads / COUNT).toFixed(1)} reads, ${(unchanged.writes / COUNT).toFixed(2)} writes (total writes: ${unchanged.writes})`,
  );

  // One deployment in a hundred edited by hand: its ConfigMap's executor.
  const edited = indexes.filter((i) => i % 100 === 7);
  for (const i of edited) {
    const configPath = `/api/v1/namespaces/skyport-b${i.toString(36)}/configmaps/airflow-config`;
    const config = (await cluster.request<{ data: Record<string, string> }>("GET", configPath)).body;
    config.data.AIRFLOW__CORE__EXECUTOR = "SequentialExecutor";
    await cluster.request("PUT", configPath, config);
  }
  calls();
  start = performance.now();
  let repaired = 0;
  await pool(indexes, async (i) => {
    const result = await applier.apply(renderDeployment(inputFor(i)), { repairDrift: true });
    repaired += result.repaired?.length ?? 0;
  });
  const driftMs = performance.now() - start;
  const drift = calls();
  line(
    `drift check (read + compare), ${edited.length} edited by hand`,
    `${driftMs.toFixed(0)} ms, ${rate(COUNT, driftMs)} deployments, ${repaired} objects repaired`,
  );
  line(
    "  API calls per drift check",
    `${(drift.reads / COUNT).toFixed(1)} reads, ${(drift.writes / COUNT).toFixed(3)} writes (total writes: ${drift.writes})`,
  );

  // What the sweep's drift repair cost before: every object force-applied (on a sample).
  const sample = indexes.slice(0, Math.min(50, COUNT));
  await pool(sample, async (i) => {
    await applier.apply(renderDeployment(inputFor(i)), { force: true });
  });
  const forced = calls();
  line(
    `  before: forced re-apply (${sample.length} deployments)`,
    `${(forced.writes / sample.length).toFixed(1)} writes per deployment`,
  );

  start = performance.now();
  await pool(indexes, async (i) => {
    await applier.prune(`skyport-b${i.toString(36)}`, (rendered[i] as KubeObject[]).map(objectKey));
  });
  const pruneMs = performance.now() - start;
  const prune = calls();
  line(
    "unchanged prune",
    `${pruneMs.toFixed(0)} ms, ${(prune.reads / COUNT).toFixed(1)} reads per deployment, ${prune.writes} deletes in total`,
  );

  start = performance.now();
  await pool(indexes, async (i) => {
    await applier.readiness(`skyport-b${i.toString(36)}`);
  });
  const readiness = calls();
  line("readiness check", `${(readiness.reads / COUNT).toFixed(1)} reads per deployment`);

  const changed = indexes.filter((i) => i % 4 !== 3).slice(0, 100);
  start = performance.now();
  await pool(changed, async (i) => {
    await applier.apply(renderDeployment(inputFor(i, 24)));
  });
  const changeMs = performance.now() - start;
  const change = calls();
  line(
    `one queue's concurrency changed (${changed.length} deployments)`,
    `${changeMs.toFixed(0)} ms, ${(change.writes / changed.length).toFixed(2)} writes per deployment`,
  );
  applier.close();
  await cluster.stop();

  const sweep = await benchSweep();
  // A quiet drift reconcile's Kubernetes calls: check + prune + readiness (+ the runtime's Secrets
  // read by name, 3 GETs, not counted above).
  const perReconcile = (drift.reads + prune.reads + readiness.reads) / COUNT + 3;
  const reconcilesPerSecond = sweep.enqueued / (TICK_MS / 1000);
  const summary = {
    deployments: COUNT,
    objects: objectCount,
    renderPerSecond: Math.round((COUNT * 1000) / renderMs),
    validateObjectsPerSecond: Math.round((objectCount * 1000) / validateMs),
    applyDeploymentsPerSecond: Number(((COUNT * 1000) / applyMs).toFixed(1)),
    initialWrites: initial.writes,
    unchangedReconcileWrites: unchanged.writes,
    unchangedReconcileReadsPerDeployment: Number((unchanged.reads / COUNT).toFixed(1)),
    driftCheckWritesUnedited: drift.writes - repaired,
    driftCheckReadsPerDeployment: Number((drift.reads / COUNT).toFixed(1)),
    forcedRepairWritesPerDeployment: Number((forced.writes / sample.length).toFixed(1)),
    sweep: {
      ...sweep,
      model: {
        note: "steady state at the default 5-minute tick, from the measured tick and per-reconcile API calls",
        reconcilesPerSecond: Number(reconcilesPerSecond.toFixed(1)),
        beforeReconcilesPerSecond: Number((SWEEP / (TICK_MS / 1000)).toFixed(1)),
        kubernetesReadsPerSecond: Math.round(reconcilesPerSecond * perReconcile),
        kubernetesWritesPerSecond: 0,
      },
    },
  };
  process.stdout.write(`\n${JSON.stringify(summary, null, 1)}\n`);
  if (unchanged.writes !== 0 || invalid !== 0 || drift.writes !== repaired) process.exitCode = 1;
}

/** One tick of the drift sweep over SWEEP deployments (1% unsettled) in real PostgreSQL and Redis. */
async function benchSweep() {
  const database = await benchDatabase();
  const redis = await benchRedis();
  const admin = new pg.Pool({ connectionString: database.url, max: 2 });
  const db = createDatabaseClient(database.url, { maxConnections: 5 });
  const connection = createRedisConnection(redis.url);
  await connection.connect();
  const producer = new JobProducer(connection, "bench");
  try {
    log(`inserting ${SWEEP} deployments`);
    await admin.query(
      `INSERT INTO "Organization" ("id", "name", "slug", "updatedAt") VALUES ('benchorg', 'Bench', 'bench', now())`,
    );
    await admin.query(
      `INSERT INTO "Workspace" ("id", "organizationId", "name", "updatedAt") VALUES ('benchws', 'benchorg', 'W', now())`,
    );
    await admin.query(
      `INSERT INTO "Deployment" ("id", "organizationId", "workspaceId", "name", "spec", "status", "statusReason",
                                 "namespace", "generation", "observedGeneration", "updatedAt")
       SELECT 'cmbench' || lpad(to_hex(n), 8, '0'), 'benchorg', 'benchws', 'etl-' || n,
              '{"runtimeVersion":"3.3.1","executor":"CELERY","workerQueues":[]}'::jsonb,
              (CASE WHEN n % 100 = 0 THEN 'UNHEALTHY' ELSE 'HEALTHY' END)::"DeploymentStatus", '',
              'skyport-b' || n, 1, 1, now()
       FROM generate_series(1, $1) AS n`,
      [SWEEP],
    );
    await admin.query(`ANALYZE "Deployment"`);
    const stats = async () => {
      const { rows } = await admin.query(
        "SELECT xact_commit + xact_rollback AS statements, tup_returned + tup_fetched AS rows FROM pg_stat_database WHERE datname = current_database()",
      );
      const info = await connection.info("stats");
      const commands = Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
      const memory = Number(/used_memory:(\d+)/.exec(await connection.info("memory"))?.[1] ?? 0);
      return { statements: Number(rows[0].statements), rows: Number(rows[0].rows), commands, memory };
    };
    const repository = prismaProvisioningRepository(db);
    await repository.liveDeployments(1);
    // A backend reports its statistics when it exits (or after a while idle): disconnect Prisma
    // around the tick so pg_stat_database holds exactly the tick's work.
    const settle = async () => {
      await db.$disconnect();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return await stats();
    };
    const before = await settle();
    const start = performance.now();
    const tick = driftSweepTick(Date.now(), TICK_MS);
    const result = await sweepForDrift(repository, producer, tick);
    const ms = performance.now() - start;
    const after = await settle();
    const perTick = {
      ms: Math.round(ms),
      enqueued: result.enqueued,
      // Less the statistics query itself.
      postgresTransactions: after.statements - before.statements - 1,
      postgresRowsRead: after.rows - before.rows,
      redisCommands: after.commands - before.commands,
      redisMemoryBytes: after.memory - before.memory,
    };
    line(
      `drift sweep tick over ${SWEEP} deployments (1% unsettled)`,
      `${perTick.ms} ms, ${result.enqueued} jobs (1/${HEALTHY_ROUND_TICKS} of the healthy + every unsettled)`,
    );
    line(
      "  PostgreSQL per tick",
      `${perTick.postgresTransactions} transactions, ${perTick.postgresRowsRead} rows read`,
    );
    line(
      "  Redis per tick",
      `${perTick.redisCommands} commands, ${(perTick.redisMemoryBytes / 1024 / 1024).toFixed(1)} MiB of delayed jobs`,
    );
    line(
      "  Redis per enqueued reconcile",
      `${(perTick.redisCommands / result.enqueued).toFixed(1)} commands`,
    );
    return { deployments: SWEEP, tickMs: TICK_MS, ...perTick };
  } finally {
    await producer.close();
    connection.disconnect();
    await db.$disconnect();
    await admin.end();
    await redis.stop();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

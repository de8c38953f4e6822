// Provisioning benchmark: render + apply throughput for 1,000 deployments against the Kubernetes
// API stand-in (through the real @kubernetes/client-node), and the API calls an unchanged
// reconcile makes (target: 0 writes). Not part of `npm test`; run `npm run bench:provisioning`.
//
//   --deployments <n>  how many deployments (default 1000)
//   --concurrency <n>  deployments applied at once (default 16)
//   e.g. npm run bench:provisioning -- --deployments 100
//
// The stand-in runs in this process, so apply numbers include its own work (schema validation,
// Pod Security checks, storage) — a real API server adds network and etcd latency instead.
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import {
  type DeploymentSpecInput,
  deploymentSpec,
  RUNTIME_VERSIONS,
} from "../packages/deployment-spec/src/index.ts";
import {
  generateRuntimeSecrets,
  type KubeObject,
  KubernetesApplier,
  objectKey,
  type RenderInput,
  renderDeployment,
  validateObject,
} from "../packages/provisioning/src/index.ts";
import { KubeStandIn } from "../packages/provisioning/test/support/kube-stand-in.ts";

const { values: args } = parseArgs({
  options: {
    deployments: { type: "string", default: "1000" },
    concurrency: { type: "string", default: "16" },
  },
});
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

async function main(): Promise<void> {
  const standIn = await KubeStandIn.start();
  const applier = new KubernetesApplier(standIn.kubeConfig());
  const indexes = Array.from({ length: COUNT }, (_, i) => i);
  process.stdout.write(
    `provisioning bench: ${COUNT} deployments, concurrency ${CONCURRENCY}, node ${process.version}\n\n`,
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

  standIn.clearLog();
  start = performance.now();
  await pool(indexes, async (i) => {
    await applier.apply(rendered[i] as KubeObject[]);
  });
  const applyMs = performance.now() - start;
  const firstWrites = standIn.writes().length;
  line(
    "initial apply (create)",
    `${applyMs.toFixed(0)} ms, ${rate(COUNT, applyMs)} deployments, ${rate(firstWrites, applyMs)} writes`,
  );
  line(
    "  API calls",
    `${standIn.requests.length} (${firstWrites} writes, ${(standIn.requests.length / COUNT).toFixed(1)} per deployment)`,
  );

  standIn.clearLog();
  start = performance.now();
  await pool(indexes, async (i) => {
    await applier.apply(renderDeployment(inputFor(i)));
  });
  const reconcileMs = performance.now() - start;
  const unchangedWrites = standIn.writes().length;
  line(
    "unchanged reconcile (render + apply)",
    `${reconcileMs.toFixed(0)} ms, ${rate(COUNT, reconcileMs)} deployments`,
  );
  line(
    "  API calls per unchanged reconcile",
    `${(standIn.requests.length / COUNT).toFixed(1)} reads, ${(unchangedWrites / COUNT).toFixed(2)} writes (total writes: ${unchangedWrites})`,
  );

  standIn.clearLog();
  start = performance.now();
  await pool(indexes, async (i) => {
    await applier.prune(`skyport-b${i.toString(36)}`, (rendered[i] as KubeObject[]).map(objectKey));
  });
  const pruneMs = performance.now() - start;
  line(
    "unchanged prune",
    `${pruneMs.toFixed(0)} ms, ${(standIn.requests.length / COUNT).toFixed(1)} reads and ${standIn.writes().length} deletes in total`,
  );

  const changed = indexes.filter((i) => i % 4 !== 3).slice(0, 100);
  standIn.clearLog();
  start = performance.now();
  await pool(changed, async (i) => {
    await applier.apply(renderDeployment(inputFor(i, 24)));
  });
  const changeMs = performance.now() - start;
  line(
    `one queue's concurrency changed (${changed.length} deployments)`,
    `${changeMs.toFixed(0)} ms, ${(standIn.writes().length / changed.length).toFixed(2)} writes per deployment`,
  );

  await standIn.stop();
  const summary = {
    deployments: COUNT,
    objects: objectCount,
    renderPerSecond: Math.round((COUNT * 1000) / renderMs),
    validateObjectsPerSecond: Math.round((objectCount * 1000) / validateMs),
    applyDeploymentsPerSecond: Number(((COUNT * 1000) / applyMs).toFixed(1)),
    initialWrites: firstWrites,
    unchangedReconcileWrites: unchangedWrites,
    unchangedReconcilePerSecond: Number(((COUNT * 1000) / reconcileMs).toFixed(1)),
  };
  process.stdout.write(`\n${JSON.stringify(summary)}\n`);
  if (unchangedWrites !== 0 || invalid !== 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

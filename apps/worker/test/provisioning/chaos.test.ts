// Chaos: the real worker process (`tsx apps/worker/src/main.ts`) is killed with SIGKILL at a random
// point of provisioning, 20 times — during the metadata database's creation, part-way through the
// apply, while it waits for readiness. A last worker then runs undisturbed, and every deployment
// must converge: HEALTHY, with exactly one namespace (holding exactly its rendered objects), one
// metadata database and one role each, and a Secret whose password logs in.
//
// The worker talks to a REAL control plane (kube-apiserver, kube-controller-manager, kube-scheduler
// and kwok, whose fake node runs the pods: packages/provisioning/test/support/real-cluster.ts)
// through a kubeconfig file, to this file's Skyport database, to the test PostgreSQL server as its
// runtime server, and to a Redis of its own (it uses the default queue prefix, which must not meet
// any other test's). Without the control plane (`npm run kube:install`) the test skips loudly.
import { randomInt } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ResolvedService } from "@skyport/localstack";
import { type JobProducer, jobs } from "@skyport/queue";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  createHarness,
  expectedObjectKeys,
  storedSpec,
  waitFor,
} from "../../../../packages/domain/test/provisioning/support.ts";
import {
  heldObjectsIn,
  realClusterAvailable,
  secretDataIn,
  useRealCluster,
} from "../../../../packages/provisioning/test/support/real-cluster.ts";
import { bundleSyncFor } from "../../src/provisioning/provisioning.ts";
import { privateQueue, WorkerProcesses } from "../support/worker-process.ts";

const RUNS = 12;

const harness = await createHarness();
const real = useRealCluster();
let kubeconfig: string;
let redis: ResolvedService;
let stateDir: string;
let producer: JobProducer;
let workers: WorkerProcesses;

beforeAll(async () => {
  if (!realClusterAvailable) return;
  const { cluster } = real();
  kubeconfig = cluster.writeKubeconfig(cluster.skyportToken);
  stateDir = await mkdtemp(path.join(os.tmpdir(), "skyport-chaos-"));
  ({ redis, producer } = await privateQueue(path.join(stateDir, "redis")));
  workers = new WorkerProcesses({
    DATABASE_URL: harness.databaseUrl,
    REDIS_URL: redis.url,
    SKYPORT_SECRET: "chaos-test-secret-0123456789abcdefghijklmnop",
    SKYPORT_KEK: "worker-test:d29ya2VyLXRlc3Qta2VrLTAxMjM0NTY3ODlhYmNkZWY=",
    SKYPORT_STATE_DIR: stateDir,
    LOG_LEVEL: "info",
    KUBECONFIG: kubeconfig,
    RUNTIME_DATABASE_URL: harness.runtimeAdminUrl,
    WORKER_CONCURRENCY: "8",
    WORKER_SHUTDOWN_TIMEOUT_MS: "5000",
    PROVISIONING_READY_TIMEOUT_MS: "60000",
    DRIFT_SWEEP_INTERVAL_MS: "2000",
  });
});

afterAll(async () => {
  workers?.killAll();
  if (!realClusterAvailable) return;
  await producer.close();
  await redis.stop();
  await rm(stateDir, { recursive: true, force: true });
});

/** The node process tsx started for the worker (Linux /proc). */
function childOf(parent: number): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === parent) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

it.skipIf(!realClusterAvailable)(
  `converges after the worker is SIGKILLed ${RUNS} times at random points of provisioning`,
  async () => {
    const { cluster } = real();
    const deployments: { id: string; namespace: string; shortId: string }[] = [];
    const killedDuring: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const worker = await workers.start();
      const deployment = await harness.createDeployment();
      deployments.push(deployment);
      await producer.enqueue(jobs.deploymentReconcile, {
        deploymentId: deployment.id,
        generation: 1,
        reason: "create",
      });
      // Once the reconcile has started, kill it: a quarter of the runs after a random 0–250 ms
      // (mostly while the metadata database is created, before any API call of its own), half
      // after a random number of API calls about its namespace (mid-apply), a quarter while it
      // waits for readiness.
      const current = () => harness.db.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
      await waitFor(async () => (await current()).status !== "CREATING", 10_000, "the start").catch(() => {});
      if (run % 4 === 0) {
        await new Promise((r) => setTimeout(r, randomInt(0, 250)));
      } else if (run % 4 === 3) {
        await waitFor(
          async () => (await current()).statusReason.includes("to become ready"),
          10_000,
          "waiting",
        )
          .then(() => new Promise((r) => setTimeout(r, randomInt(0, 500))))
          .catch(() => {});
      } else {
        const calls = randomInt(1, 75);
        const about = () =>
          cluster.requestsBySkyport().filter((r) => r.requestURI.includes(deployment.namespace)).length;
        await waitFor(() => about() >= calls || undefined, 5_000, "API calls").catch(() => {});
      }
      const row = await harness.db.deployment.findUniqueOrThrow({ where: { id: deployment.id } });
      killedDuring.push(`${row.status}: ${row.statusReason.replace(/\(.*$/, "").slice(0, 50)}`);
      await workers.kill(worker);
    }

    // One last worker, left alone: stalled jobs and the drift sweep finish everything.
    const last = await workers.start();
    await waitFor(
      async () =>
        (await harness.db.deployment.count({
          where: { id: { in: deployments.map((d) => d.id) }, status: "HEALTHY" },
        })) === deployments.length,
      90_000,
      "every deployment to be HEALTHY",
    ).catch(async (error: unknown) => {
      const rows = await harness.db.deployment.findMany({
        select: { namespace: true, status: true, statusReason: true },
      });
      throw new Error(`${String(error)}\n${JSON.stringify(rows, null, 1)}\n${workers.output.slice(-5_000)}`);
    });
    // A graceful stop, signalled to the worker itself: tsx's relay of a signal it receives gives
    // a busy child only 60 ms before it SIGKILLs it.
    const exited = new Promise<number | null>((resolve) => last.once("exit", (code) => resolve(code)));
    process.kill(childOf(last.pid ?? 0) ?? 0, "SIGTERM");
    expect(await exited).toBe(0);
    // Where the kills landed, for whoever reads the run.
    process.stdout.write(`chaos: worker killed during\n  ${killedDuring.join("\n  ")}\n`);

    // Every deployment: HEALTHY at generation 1, exactly one namespace holding exactly its objects.
    const rows = await harness.db.deployment.findMany({
      where: { id: { in: deployments.map((d) => d.id) } },
    });
    expect(rows.map((r) => [r.status, r.observedGeneration])).toEqual(deployments.map(() => ["HEALTHY", 1]));
    const { body: namespaces } = await cluster.request<{ items: { metadata: { name: string } }[] }>(
      "GET",
      "/api/v1/namespaces",
    );
    const ours = namespaces.items
      .map((n) => n.metadata.name)
      .filter((n) => deployments.some((d) => d.namespace === n));
    expect(ours.sort()).toEqual(deployments.map((d) => d.namespace).sort());
    // The worker runs with the default public URL (http://localhost:3000), so its runtimes get the
    // DAG bundle sync that reaches it.
    const skyport = bundleSyncFor({ SKYPORT_PUBLIC_URL: undefined, SKYPORT_PUBLIC_CIDR: undefined });
    const expected = expectedObjectKeys(
      deployments[0] ?? { id: "", shortId: "" },
      harness,
      storedSpec(),
      skyport,
      // The worker sends OpenLineage to the same public address (createProvisioning).
      skyport,
    ).filter((key) => !key.startsWith("Namespace/"));
    for (const deployment of deployments)
      expect(await heldObjectsIn(cluster, deployment.namespace)).toEqual(expected);

    // Exactly one metadata database and one role per deployment on the runtime server.
    const prefix = `skyport\\_rt\\_${deployments[0]?.shortId.slice(0, 6)}%`;
    const databases = await harness.runtimeAdmin.query(
      "SELECT datname AS name FROM pg_database WHERE datname LIKE $1 ORDER BY 1",
      [prefix],
    );
    const roles = await harness.runtimeAdmin.query(
      "SELECT rolname AS name FROM pg_roles WHERE rolname LIKE $1 ORDER BY 1",
      [prefix],
    );
    const names = deployments.map((d) => `skyport_rt_${d.shortId}`).sort();
    expect(databases.rows.map((r) => r.name)).toEqual(names);
    expect(roles.rows.map((r) => r.name)).toEqual(names);

    // Each Secret holds the password its role has now, whatever the crashes left behind.
    for (const deployment of deployments) {
      const url = (await secretDataIn(cluster, deployment.namespace, "airflow-metadata-db")).connection ?? "";
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows: who } = await client.query("SELECT current_user AS role, current_database() AS db");
      await client.end();
      expect(who[0]).toEqual({
        role: `skyport_rt_${deployment.shortId}`,
        db: `skyport_rt_${deployment.shortId}`,
      });
    }
  },
  600_000,
);

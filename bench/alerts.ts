// Alert latency, end to end through the real processes. In one run it reports:
//   - FAIL accepted → Slack: 1,000 failed DAG runs (by default) reported at 20 per second, each
//     its own DAG, to POST /api/v1/lineage; for each, the time from the FAIL event's 2xx answer
//     until the local Slack receiver has the message (ingest → derivation job → alert
//     evaluation job → delivery job → Slack incoming-webhook POST); p50, p99 (target < 2 s) and
//     max, how many arrived, and any duplicate;
//   - a missed deadline → Slack: a DAG_TIMELINESS rule whose deadline passes during the run
//     (with no run of its DAG at all: the runtime is silent); how many seconds after the
//     deadline its message arrives (target ≤ 30 s), driven by the worker's own alert clock.
// Not part of `npm test`; run `npm run bench:alerts`.
//
//   --failures <n>   failed runs to report (default 1000)
//   --rate <n>       failures per second (default 20)
//
// PostgreSQL: DATABASE_URL's server when set, else an embedded one of its own (ephemeral).
// Redis: REDIS_URL when set, else a redis-server on PATH. The API and the worker each run in a
// child process, as in production.
import type { ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import {
  apiEnv,
  benchDatabase,
  benchRedis,
  exitOnSigterm,
  HOST,
  insertDeployment,
  insertIngestToken,
  insertOwnerToken,
  log,
  percentile,
  serveApi,
  startRole,
  stopChild,
} from "./support.ts";

const SELF = fileURLToPath(import.meta.url);

const { values: args } = parseArgs({
  options: {
    role: { type: "string" },
    failures: { type: "string", default: "1000" },
    rate: { type: "string", default: "20" },
  },
});
const FAILURES = Number(args.failures);
const RATE = Number(args.rate);
const PRODUCER = "https://github.com/apache/airflow/tree/providers-openlineage/2.10.0";

/** A local Slack incoming webhook: records when each DAG's message first (and again) arrived. */
function startSlackReceiver() {
  const arrivals = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const at = performance.timeOrigin + performance.now();
      const body = Buffer.concat(chunks).toString("utf8");
      const dag = /bench_(?:fail_\d+|deadline)/.exec(body)?.[0];
      if (dag) arrivals.set(dag, [...(arrivals.get(dag) ?? []), at]);
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
  });
  const port = new Promise<number>((resolve) =>
    server.listen(0, HOST, () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    }),
  );
  return { arrivals, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function runEvent(eventType: "START" | "FAIL", dagId: string, runId: string) {
  return {
    eventType,
    eventTime: new Date().toISOString(),
    producer: PRODUCER,
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    run: { runId },
    job: { namespace: "airflow", name: dagId },
  };
}

async function post(url: string, token: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  const redis = await benchRedis();
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const slack = startSlackReceiver();
  const children: ChildProcess[] = [];
  let failed = false;
  try {
    const tag = randomBytes(4).toString("hex");
    const { organizationId, workspaceId, deploymentId } = await insertDeployment(pool, tag);
    const ingestToken = await insertIngestToken(pool, organizationId, deploymentId, `benchtok${tag}`);
    const ownerToken = await insertOwnerToken(pool, organizationId, `benchown${tag}`);
    // One environment for both: the worker opens the channel secrets the API sealed.
    const env = { ...apiEnv(database.url, redis.url), WORKER_CONCURRENCY: "8" };
    const api = startRole(SELF, "api", env);
    const worker = startRole(SELF, "worker", env);
    children.push(api.child, worker.child);
    const base = `http://${HOST}:${await api.port}/api/v1`;
    await worker.port;
    const orgUrl = `${base}/organizations/${organizationId}`;
    const idempotent = () => ({ "idempotency-key": randomUUID() });

    const channel = await post(
      `${orgUrl}/notification-channels`,
      ownerToken,
      {
        deploymentId,
        name: "bench-slack",
        shared: false,
        settings: { kind: "SLACK", webhookUrl: `http://${HOST}:${await slack.port}/services/T0/B0/bench` },
      },
      idempotent(),
    );
    await post(
      `${orgUrl}/alerts`,
      ownerToken,
      {
        workspaceId,
        deploymentId,
        name: "bench failures",
        type: "DAG_FAILURE",
        severity: "CRITICAL",
        patterns: [{ entity: "DAG_ID", operator: "IS", values: ["bench_fail_*"] }],
        channelIds: [channel.id],
      },
      idempotent(),
    );
    // A deadline at the start of a minute at least 90 s away, for a DAG that never runs.
    const deadline = new Date(Math.ceil((Date.now() + 90_000) / 60_000) * 60_000);
    await post(
      `${orgUrl}/alerts`,
      ownerToken,
      {
        workspaceId,
        deploymentId,
        name: "bench deadline",
        type: "DAG_TIMELINESS",
        severity: "CRITICAL",
        patterns: [{ entity: "DAG_ID", operator: "IS", values: ["bench_deadline"] }],
        properties: { deadline: deadline.toISOString().slice(11, 16), timeZone: "UTC", lookBackSeconds: 60 },
        channelIds: [channel.id],
      },
      idempotent(),
    );
    log(`deadline at ${deadline.toISOString()}; sending ${FAILURES} failures at ${RATE}/s`);

    const accepted = new Map<string, number>();
    const started = performance.now();
    const sends: Promise<void>[] = [];
    for (let i = 0; i < FAILURES; i++) {
      const due = started + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const dagId = `bench_fail_${i}`;
      const runId = randomUUID();
      sends.push(
        (async () => {
          await post(`${base}/lineage`, ingestToken, runEvent("START", dagId, runId));
          await post(`${base}/lineage`, ingestToken, runEvent("FAIL", dagId, runId));
          accepted.set(dagId, performance.timeOrigin + performance.now());
        })(),
      );
    }
    await Promise.all(sends);
    const sendSeconds = (performance.now() - started) / 1000;
    log(`sent in ${sendSeconds.toFixed(1)} s; waiting for the last messages`);

    const waitFor = async (done: () => boolean, untilMs: number) => {
      while (!done() && Date.now() < untilMs) await sleep(200);
    };
    const failuresIn = () => [...accepted.keys()].filter((dag) => slack.arrivals.has(dag)).length;
    await waitFor(() => failuresIn() === FAILURES, Date.now() + 120_000);
    await waitFor(() => slack.arrivals.has("bench_deadline"), deadline.getTime() + 120_000);

    const latencies = [...accepted.entries()]
      .flatMap(([dag, at]) => {
        const arrived = slack.arrivals.get(dag)?.[0];
        return arrived === undefined ? [] : [arrived - at];
      })
      .sort((a, b) => a - b);
    const duplicates = [...slack.arrivals.values()].filter((times) => times.length > 1).length;
    const deadlineArrival = slack.arrivals.get("bench_deadline")?.[0];
    const deadlineLag = deadlineArrival === undefined ? null : (deadlineArrival - deadline.getTime()) / 1000;
    const p99 = percentile(latencies, 99);
    // Where the time went: FAIL event → its delivery created (derivation + evaluation) → delivered.
    const stages = await pool.query<{ evaluated: number; delivered: number }>(
      `SELECT EXTRACT(EPOCH FROM (d."createdAt" - i."openedAt")) * 1000 AS evaluated,
              EXTRACT(EPOCH FROM (d."deliveredAt" - d."createdAt")) * 1000 AS delivered
       FROM "AlertDelivery" d JOIN "AlertIncident" i ON i."id" = d."incidentId"
       WHERE i."deploymentId" = $1 AND i."dagId" LIKE 'bench_fail_%' AND d."event" = 'TRIGGER'`,
      [deploymentId],
    );
    const stage = (key: "evaluated" | "delivered") => {
      const sorted = stages.rows.map((row) => Number(row[key])).sort((a, b) => a - b);
      return `p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms`;
    };
    process.stdout.write(
      [
        `alerts bench: ${FAILURES} failed runs at ${RATE}/s (sent in ${sendSeconds.toFixed(1)} s), node ${process.version}`,
        "",
        `FAIL accepted → Slack     p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${(latencies.at(-1) ?? Number.NaN).toFixed(0)} ms (target p99 < 2000 ms)`,
        `  FAIL → delivery created  ${stage("evaluated")} (derivation + evaluation)`,
        `  created → delivered     ${stage("delivered")} (delivery job + Slack POST)`,
        `messages                  ${latencies.length} of ${FAILURES} arrived, ${duplicates} DAG(s) messaged more than once`,
        `missed deadline → Slack   ${deadlineLag === null ? "never arrived" : `${deadlineLag.toFixed(1)} s after the deadline`} (target ≤ 30 s)`,
        "",
      ].join("\n"),
    );
    if (latencies.length !== FAILURES || deadlineLag === null) failed = true;
  } catch (error) {
    failed = true;
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  } finally {
    for (const child of children) await stopChild(child);
    await slack.close();
    await pool.end();
    await redis.stop();
    await database.close();
  }
  process.exitCode = failed ? 1 : 0;
}

/** The worker role: the real worker (every queue, the alert clock), as `npm start` runs it. */
async function serveWorker(): Promise<void> {
  const { workerEnvSchema } = await import("@skyport/config");
  const { createLogger } = await import("@skyport/logger");
  const { createSkyportWorker } = await import("../apps/worker/src/worker.ts");
  const config = workerEnvSchema.parse({ ...process.env, LOG_LEVEL: "silent" });
  const worker = createSkyportWorker(config, createLogger({ name: "bench-worker", level: "silent" }), {});
  await worker.start();
  process.removeAllListeners("SIGTERM");
  process.on("SIGTERM", () => {
    void worker.stop().finally(() => process.exit(0));
  });
  process.send?.({ port: 0 });
}

if (args.role) exitOnSigterm();
if (args.role === "api")
  await serveApi(async (services) => {
    const { configureLineageRateLimit } = await import("../apps/web/src/server/lineage/ingest.ts");
    configureLineageRateLimit(services, { events: 1_000_000_000, windowSeconds: 1 });
  });
else if (args.role === "worker") await serveWorker();
else await main();

// OpenLineage ingest throughput and latency. In one run it reports:
//   - events/s through POST /api/v1/lineage (the real REST handler behind node:http, one
//     event per request as the provider sends them, 50 concurrent senders) against events/s
//     of a raw batched INSERT of the same rows into the same table on the same database
//     (target ratio ≥ 0.5),
//   - p99 latency of POST /api/v1/lineage at a steady 500 events/s (target < 50 ms),
//   - the API process's CPU time per event in the throughput case (steadier than rates on a
//     shared machine), and its Redis commands and database commits per event (what coalescing
//     the rate-limit charges and group commit save),
//   - the CPU every process of the bench spends per event in each throughput case (the API, the
//     load generator, PostgreSQL with its backends, Redis; Linux /proc): what the 2 cores the
//     cases share must pay for each event, and so the rate no code change in one of them passes,
//   - for information only, the same events through POST /api/v1/lineage/batch in requests of
//     20 events (what one request costs, against what one event costs),
//   - HTTP 5xx answers (target 0).
// Not part of `npm test`; run `npm run bench:ingest`.
//
//   --events <n>       events per throughput case (default 5000)
//   --connections <n>  concurrent senders (default 50)
//   --seconds <n>      length of the steady-rate case (default 10)
//
// PostgreSQL: DATABASE_URL's server when set, else an embedded one of its own (ephemeral).
// Redis: REDIS_URL when set, else a redis-server on PATH. The API runs in a child process so
// the load generator does not share its event loop.

import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { type RawEventRow, rawEventRow } from "@skyport/domain";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import type pg from "pg";
import {
  apiCpuMs,
  apiEnv,
  benchArgs,
  HOST,
  insertDeployment,
  insertIngestToken,
  runBench,
  serveApi,
  serverErrorCount,
  startRole,
} from "./support.ts";

const SELF = fileURLToPath(import.meta.url);

const args = benchArgs({ events: 5000, seconds: 10 });

const EVENTS = args.events;
const CONNECTIONS = args.connections;
const SECONDS = args.seconds;
const BATCH = 500;
/** Events per request in the (informative) batch endpoint case. */
const BATCH_EVENTS = 20;

/** A task COMPLETE as the Airflow provider sends it (about 1.5 KB), with a fresh runId. */
function taskEvent(): Record<string, unknown> {
  const producer = "https://github.com/apache/airflow/tree/providers-openlineage/2.10.0";
  const runFacet = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunFacet";
  return {
    eventType: "COMPLETE",
    eventTime: new Date().toISOString(),
    producer,
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    run: {
      runId: randomUUID(),
      facets: {
        parent: {
          _producer: producer,
          _schemaURL: "https://openlineage.io/spec/facets/1-1-0/ParentRunFacet.json#/$defs/ParentRunFacet",
          run: { runId: randomUUID() },
          job: { namespace: "default", name: "nightly_etl" },
          root: { run: { runId: randomUUID() }, job: { namespace: "default", name: "nightly_etl" } },
        },
        airflow: {
          _producer: producer,
          _schemaURL: runFacet,
          dag: { dag_id: "nightly_etl", owner: "data", schedule_interval: "@daily" },
          dagRun: {
            dag_id: "nightly_etl",
            run_id: "scheduled__2026-12-05T00:00:00+00:00",
            run_type: "scheduled",
          },
          task: { task_id: "load_orders", operator_class: "SQLExecuteQueryOperator", queue: "default" },
          taskInstance: { try_number: 1, duration: 12.5, pool: "default_pool", map_index: -1 },
        },
        nominalTime: {
          _producer: producer,
          _schemaURL:
            "https://openlineage.io/spec/facets/1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet",
          nominalStartTime: "2026-12-05T00:00:00+00:00",
        },
        processing_engine: {
          _producer: producer,
          _schemaURL:
            "https://openlineage.io/spec/facets/1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet",
          version: "3.1.0",
          name: "Airflow",
          openlineageAdapterVersion: "2.10.0",
        },
      },
    },
    job: {
      namespace: "default",
      name: "nightly_etl.load_orders",
      facets: {
        jobType: {
          _producer: producer,
          _schemaURL: "https://openlineage.io/spec/facets/2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet",
          processingType: "BATCH",
          integration: "AIRFLOW",
          jobType: "TASK",
        },
      },
    },
    inputs: [{ namespace: "postgres://db:5432", name: "shop.public.orders" }],
    outputs: [{ namespace: "postgres://db:5432", name: "dwh.public.orders_daily" }],
  };
}

/**
 * Redis commands served so far and the bench database's commits so far. PostgreSQL publishes a
 * backend's statistics when it goes idle (within a second), so the read waits that long first.
 */
async function roundTrips(pool: pg.Pool, redis: Redis) {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const stats = await redis.info("commandstats");
  let commands = 0;
  for (const match of stats.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) {
    if (match[1] !== "info") commands += Number(match[2]);
  }
  await pool.query("SELECT pg_stat_clear_snapshot()");
  const { rows } = await pool.query<{ commits: string }>(
    "SELECT xact_commit::text AS commits FROM pg_stat_database WHERE datname = current_database()",
  );
  return { commands, commits: Number(rows[0]?.commits ?? 0) };
}

/** CPU ms of a process (found by its command line) with its children, from Linux /proc; null elsewhere. */
function serviceCpuMs(commandLine: RegExp): number | null {
  const ticksToMs = 10; // USER_HZ is 100 on Linux
  const processes: Array<{ pid: string; command: string; fields: string[] }> = [];
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  for (const pid of entries) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command name: state, ppid, …, utime (12th), stime, cutime, cstime.
      processes.push({ pid, command, fields: stat.slice(stat.lastIndexOf(")") + 2).split(" ") });
    } catch {
      // Exited while listed.
    }
  }
  const root = processes.find((process) => commandLine.test(process.command));
  if (!root) return null;
  const own = (fields: string[], from: number, to: number) =>
    fields.slice(from, to).reduce((sum, value) => sum + Number(value), 0);
  // The root's own time and that of its reaped children (cutime, cstime), plus its live children.
  let ticks = own(root.fields, 11, 15);
  for (const process of processes) if (process.fields[1] === root.pid) ticks += own(process.fields, 11, 13);
  return ticks * ticksToMs;
}

/** CPU ms so far of this process (the load generator, or the raw INSERT's client), PostgreSQL and Redis. */
function machineCpuMs(databaseUrl: string, redisUrl: string) {
  const postgresPort = new URL(databaseUrl).port;
  const redisPort = new URL(redisUrl).port;
  const self = process.cpuUsage();
  return {
    bench: (self.user + self.system) / 1000,
    postgres: serviceCpuMs(new RegExp(`postgres .*-p ${postgresPort}\\b`)),
    redis: serviceCpuMs(new RegExp(`redis-server .*:${redisPort}\\b`)),
  };
}

type MachineCpu = ReturnType<typeof machineCpuMs>;

/** Per event: each process's CPU ms between two readings. */
function perEvent(before: MachineCpu, after: MachineCpu, events: number, api = 0) {
  const delta = (a: number | null, b: number | null) => (a === null || b === null ? null : (b - a) / events);
  const bench = (after.bench - before.bench) / events;
  const postgres = delta(before.postgres, after.postgres);
  const redis = delta(before.redis, after.redis);
  return { bench, postgres, redis, total: api + bench + (postgres ?? 0) + (redis ?? 0) };
}

const ms = (value: number | null) => (value === null ? "n/a" : value.toFixed(3));

interface Seeded {
  organizationId: string;
  deploymentId: string;
  token: string;
}

async function seed(pool: pg.Pool): Promise<Seeded> {
  const tag = randomBytes(4).toString("hex");
  const { organizationId, deploymentId } = await insertDeployment(pool, tag);
  const token = await insertIngestToken(pool, organizationId, deploymentId, `benchtok${tag}`);
  return { organizationId, deploymentId, token };
}

/** The rows of `count` fresh events inserted in batches of BATCH with the store's own statement shape. */
async function rawInsert(pool: pg.Pool, seeded: Seeded, count: number) {
  const rows: RawEventRow[] = Array.from({ length: count }, () => rawEventRow(taskEvent()));
  const sql = `
    INSERT INTO "LineageEvent"
      ("id", "eventTime", "organizationId", "deploymentId", "eventHash", "eventType", "runId",
       "parentRunId", "jobNamespace", "jobName", "payload", "sizeBytes")
    SELECT gen_random_uuid()::text, t.event_time, $1, $2, t.event_hash, t.event_type, t.run_id,
           t.parent_run_id, t.job_namespace, t.job_name, t.payload::jsonb, t.size_bytes
    FROM unnest($3::timestamp(3)[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                $10::text[], $11::int[])
      AS t(event_time, event_hash, event_type, run_id, parent_run_id, job_namespace, job_name, payload, size_bytes)
    ON CONFLICT ("deploymentId", "eventHash", "eventTime") DO NOTHING`;
  const started = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    await pool.query(sql, [
      seeded.organizationId,
      seeded.deploymentId,
      batch.map((r) => r.eventTime.toISOString()),
      batch.map((r) => r.eventHash),
      batch.map((r) => r.eventType),
      batch.map((r) => r.runId),
      batch.map((r) => r.parentRunId),
      batch.map((r) => r.jobNamespace),
      batch.map((r) => r.jobName),
      batch.map((r) => r.payload),
      batch.map((r) => r.sizeBytes),
    ]);
  }
  return count / ((performance.now() - started) / 1000);
}

/**
 * Sends fresh events. Their bodies are made before the case starts (enough for `expected`
 * requests), as the raw INSERT's rows are made before its clock starts: the load generator
 * shares the machine with the API, and its own JSON work is not what is measured.
 */
async function send(
  url: string,
  token: string,
  options: { amount?: number; duration?: number; overallRate?: number },
  expected = options.amount ?? 0,
  perRequest = 1,
) {
  const body = () =>
    JSON.stringify(perRequest === 1 ? taskEvent() : Array.from({ length: perRequest }, taskEvent));
  const bodies = Array.from({ length: expected }, body);
  let next = 0;
  const result = await autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    ...options,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: bodies[next++] ?? body(),
        }),
      },
    ],
  });
  const serverErrors = serverErrorCount(result);
  const seconds = result.duration;
  return {
    eventsPerSecond: (result.requests.total * perRequest) / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total * perRequest,
    non2xx: result.non2xx,
    serverErrors,
    errors: result.errors + result.timeouts,
  };
}

function main(): Promise<void> {
  return runBench(2, async ({ databaseUrl, redisUrl, pool, children }) => {
    const seeded = await seed(pool);
    const api = startRole(SELF, "api", apiEnv(databaseUrl, redisUrl), { profile: args.profile });
    children.push(api.child);
    const endpoint = `http://${HOST}:${await api.port}/api/v1/lineage`;
    const eventBytes = Buffer.byteLength(JSON.stringify(taskEvent()));

    // Warm-up (JIT, validators, connection pools, this month's partition), not counted.
    await send(endpoint, seeded.token, { amount: 500 });
    await rawInsert(pool, seeded, BATCH);

    const redis = new Redis(redisUrl, { lazyConnect: true });
    await redis.connect();
    const tripsBefore = await roundTrips(pool, redis);
    const cpuBefore = await apiCpuMs(api.child);
    const machineBefore = machineCpuMs(databaseUrl, redisUrl);
    const http = await send(endpoint, seeded.token, { amount: EVENTS });
    const machineAfter = machineCpuMs(databaseUrl, redisUrl);
    const cpuPerEvent = ((await apiCpuMs(api.child)) - cpuBefore) / http.total;
    const httpMachine = perEvent(machineBefore, machineAfter, http.total, cpuPerEvent);
    const tripsAfter = await roundTrips(pool, redis);
    redis.disconnect();
    // The two reads themselves commit once each.
    const commitsPerEvent = (tripsAfter.commits - tripsBefore.commits - 2) / http.total;
    const commandsPerEvent = (tripsAfter.commands - tripsBefore.commands) / http.total;
    // Not the target's case (the provider sends one event per request): the same events through
    // POST /api/v1/lineage/batch, BATCH_EVENTS a request, to show what is paid per request.
    const batchCpuBefore = await apiCpuMs(api.child);
    const batched = await send(
      `${endpoint}/batch`,
      seeded.token,
      { amount: EVENTS / BATCH_EVENTS },
      EVENTS / BATCH_EVENTS,
      BATCH_EVENTS,
    );
    const batchCpuPerEvent = ((await apiCpuMs(api.child)) - batchCpuBefore) / batched.total;
    const rawBefore = machineCpuMs(databaseUrl, redisUrl);
    const raw = await rawInsert(pool, seeded, EVENTS);
    const rawMachine = perEvent(rawBefore, machineCpuMs(databaseUrl, redisUrl), EVENTS);
    const steady = await send(
      endpoint,
      seeded.token,
      { duration: SECONDS, overallRate: 500 },
      Math.ceil(SECONDS * 500 * 1.1),
    );
    const stored = await pool.query(
      `SELECT count(*)::int AS n FROM "LineageEvent" WHERE "deploymentId" = $1`,
      [seeded.deploymentId],
    );

    const ratio = http.eventsPerSecond / raw;
    process.stdout.write(
      [
        `ingest bench: one event (~${eventBytes} B) per request, ${CONNECTIONS} concurrent senders, node ${process.version}`,
        "",
        `POST /api/v1/lineage     ${http.eventsPerSecond.toFixed(0)} events/s (${http.total} events, p50 ${http.p50} ms, p99 ${http.p99} ms)`,
        `raw batched INSERT       ${raw.toFixed(0)} events/s (${EVENTS} rows in batches of ${BATCH})`,
        `HTTP / raw INSERT        ${ratio.toFixed(2)} (target ≥ 0.5)`,
        `API process CPU          ${cpuPerEvent.toFixed(2)} ms per event (throughput case)`,
        `CPU ms per event         HTTP: API ${ms(cpuPerEvent)} + load generator ${ms(httpMachine.bench)} + PostgreSQL ${ms(httpMachine.postgres)} + Redis ${ms(httpMachine.redis)} = ${ms(httpMachine.total)} (2 cores: at most ${(2000 / httpMachine.total).toFixed(0)} events/s; the API alone on one core: ${(1000 / cpuPerEvent).toFixed(0)})`,
        `                         raw: client ${ms(rawMachine.bench)} (making its rows included) + PostgreSQL ${ms(rawMachine.postgres)} = ${ms(rawMachine.total)}`,
        `round trips per event    ${commandsPerEvent.toFixed(3)} Redis commands, ${commitsPerEvent.toFixed(3)} database commits (throughput case)`,
        `  (informative) /batch   ${batched.eventsPerSecond.toFixed(0)} events/s in requests of ${BATCH_EVENTS} events (ratio ${(batched.eventsPerSecond / raw).toFixed(2)}), API CPU ${batchCpuPerEvent.toFixed(2)} ms per event`,
        `steady 500 events/s      p99 ${steady.p99} ms, p50 ${steady.p50} ms over ${steady.total} events (target p99 < 50 ms)`,
        `rows stored              ${stored.rows[0]?.n}`,
        `HTTP 5xx ${http.serverErrors + steady.serverErrors + batched.serverErrors}, other non-2xx ${http.non2xx + steady.non2xx + batched.non2xx - http.serverErrors - steady.serverErrors - batched.serverErrors}, socket errors/timeouts ${http.errors + steady.errors + batched.errors}`,
        "",
      ].join("\n"),
    );
    return (
      http.non2xx + steady.non2xx + batched.non2xx === 0 && http.errors + steady.errors + batched.errors === 0
    );
  });
}

if (args.role === "api") {
  await serveApi(async (services) => {
    // The limiter still runs (its Redis round trip is part of the cost), but never refuses here.
    const { configureLineageRateLimit } = await import("../apps/web/src/server/lineage/ingest.ts");
    configureLineageRateLimit(services, { events: 1_000_000_000, windowSeconds: 1 });
  });
} else await main();

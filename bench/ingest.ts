// OpenLineage ingest throughput and latency. In one run it reports:
//   - events/s through POST /api/v1/lineage (the real REST handler behind node:http, one
//     event per request as the provider sends them, 50 concurrent senders) against events/s
//     of a raw batched INSERT of the same rows into the same table on the same database
//     (target ratio ≥ 0.5),
//   - p99 latency of POST /api/v1/lineage at a steady 500 events/s (target < 50 ms), first on a
//     settled machine, and again (informative) right after the throughput cases: their bursts
//     leave a few hundred MB of dirty pages, and while the kernel writes them back a commit can
//     wait about 100 ms for its WAL flush (measured: requests answered in 2-4 ms p99 before the
//     write-back and after it, up to 130 ms during it; no checkpoint or autovacuum ran),
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
//   --events <n>       events per throughput case with vegeta or autocannon (default 5000)
//   --raw-rows <n>     rows of each raw INSERT case (default 20000)
//   --connections <n>  concurrent senders (default 50)
//   --seconds <n>      length of the steady-rate case, and of each throughput case with wrk (default 10)
//   --generator <name> the throughput cases' load generator: wrk (default when installed,
//                      `apt-get install wrk`), vegeta (default next, when `npm run vegeta:install`
//                      built it) or autocannon (Node, in this process). The steady-rate case uses
//                      vegeta when built (a constant rate), else autocannon.
//
// The raw INSERT runs twice, just before and just after the HTTP throughput case, and the ratio
// is taken against the mean of the two: on a shared machine the rate drifts between cases.
//
// PostgreSQL: DATABASE_URL's server when set, else an embedded one of its own (ephemeral).
// Redis: REDIS_URL when set, else a redis-server on PATH. The API runs in a child process so
// the load generator does not share its event loop.

import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { type RawEventRow, rawEventRow } from "@skyport/domain";
import { findOnPath } from "@skyport/localstack";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import type pg from "pg";
import { findVegeta, VEGETA_INSTALL_HINT } from "../scripts/vegeta/vegeta.ts";
import {
  apiCpuMs,
  apiEnv,
  benchArgs,
  HOST,
  insertDeployment,
  insertIngestToken,
  log,
  runBench,
  serveApi,
  serverErrorCount,
  startRole,
} from "./support.ts";

const SELF = fileURLToPath(import.meta.url);

const args = benchArgs({ events: 5000, seconds: 10, "raw-rows": 20_000 }, { generator: "" });

const EVENTS = args.events;
const RAW_ROWS = args["raw-rows"];
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

/**
 * CPU ms so far of this process and of its children that have ended (vegeta runs as one; Linux
 * /proc), else of this process alone.
 */
function ownCpuMs(): number {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime, stime, cutime, cstime, in ticks of 10 ms (USER_HZ 100).
    return fields.slice(11, 15).reduce((sum, value) => sum + Number(value), 0) * 10;
  } catch {
    const self = process.cpuUsage();
    return (self.user + self.system) / 1000;
  }
}

/** CPU ms so far of this process (the load generator, or the raw INSERT's client), PostgreSQL and Redis. */
function machineCpuMs(databaseUrl: string, redisUrl: string) {
  const postgresPort = new URL(databaseUrl).port;
  const redisPort = new URL(redisUrl).port;
  return {
    bench: ownCpuMs(),
    postgres: serviceCpuMs(new RegExp(`postgres .*-p ${postgresPort}\\b`)),
    redis: serviceCpuMs(new RegExp(`redis-server .*:${redisPort}\\b`)),
  };
}

type MachineCpu = ReturnType<typeof machineCpuMs>;

/** `first` plus what was spent from `from` to `to` (two separate stretches as one). */
function addCpu(first: MachineCpu, to: MachineCpu, from: MachineCpu): MachineCpu {
  const sum = (a: number | null, b: number | null, c: number | null) =>
    a === null || b === null || c === null ? null : a + b - c;
  return {
    bench: first.bench + to.bench - from.bench,
    postgres: sum(first.postgres, to.postgres, from.postgres),
    redis: sum(first.redis, to.redis, from.redis),
  };
}

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

/** Dirty page cache waiting to be written back, in KiB (Linux /proc/meminfo); null elsewhere. */
function dirtyKib(): number | null {
  try {
    const match = /^Dirty:\s+(\d+) kB$/m.exec(readFileSync("/proc/meminfo", "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** What one case of sending measured, whichever generator sent it. */
interface Sent {
  eventsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  serverErrors: number;
  errors: number;
}

interface SendOptions {
  /** Requests to send (the throughput cases), as fast as the senders go. */
  amount?: number;
  /** Seconds to send for at `rate` requests per second (the steady case). */
  duration?: number;
  rate?: number;
}

/**
 * The request bodies of a case, made before it starts (enough for `expected` requests), as the
 * raw INSERT's rows are made before its clock starts: the load generator shares the machine with
 * the API, and its own JSON work is not what is measured.
 */
function bodies(expected: number, perRequest: number): string[] {
  return Array.from({ length: expected }, () =>
    JSON.stringify(perRequest === 1 ? taskEvent() : Array.from({ length: perRequest }, taskEvent)),
  );
}

/** A case ready to go: its bodies made; calling it sends them and measures. */
type Prepared = () => Promise<Sent>;

/** Makes a case of `expected` requests (their bodies of `perRequest` events) ready to go. */
type Prepare = (
  url: string,
  token: string,
  options: SendOptions,
  expected: number,
  perRequest: number,
) => Promise<Prepared>;

/** Sends fresh events with autocannon, in this process. */
const prepareAutocannon: Prepare = async (url, token, options, expected, perRequest) => {
  const made = bodies(expected, perRequest);
  let next = 0;
  return async () => {
    const result = await autocannon({
      url,
      method: "POST",
      connections: CONNECTIONS,
      ...(options.amount !== undefined ? { amount: options.amount } : {}),
      ...(options.duration !== undefined ? { duration: options.duration, overallRate: options.rate } : {}),
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            body: made[next++] ?? bodies(1, perRequest)[0],
          }),
        },
      ],
    });
    const serverErrors = serverErrorCount(result);
    return {
      eventsPerSecond: (result.requests.total * perRequest) / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      total: result.requests.total * perRequest,
      non2xx: result.non2xx,
      serverErrors,
      errors: result.errors + result.timeouts,
    };
  };
};

function run(command: string, argv: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} ${argv[0]} exited with ${code}`)),
    );
  });
}

/** What `vegeta report -type=json` answers (latencies in ns, throughput = successes per second). */
interface VegetaReport {
  latencies: { "50th": number; "99th": number };
  requests: number;
  throughput: number;
  status_codes: Record<string, number>;
}

/**
 * Sends fresh events with vegeta in a child process: `amount` requests by CONNECTIONS workers
 * that each send the next as soon as the last was answered (`-rate=0`), or a constant `rate` for
 * `duration` seconds. Each request has its own body, read from a targets file as it goes.
 */
const vegetaPreparer =
  (vegeta: string): Prepare =>
  async (url, token, options, expected, perRequest) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "skyport-bench-vegeta-"));
    const header = { Authorization: [`Bearer ${token}`], "Content-Type": ["application/json"] };
    const targets = bodies(expected, perRequest).map((body) =>
      JSON.stringify({ method: "POST", url, header, body: Buffer.from(body).toString("base64") }),
    );
    writeFileSync(path.join(dir, "targets.json"), `${targets.join("\n")}\n`);
    return async () => {
      try {
        const results = path.join(dir, "results.bin");
        const pace =
          options.amount !== undefined
            ? ["-rate=0", `-max-workers=${CONNECTIONS}`, "-duration=0"]
            : [`-rate=${options.rate ?? 0}/1s`, `-duration=${options.duration ?? 0}s`];
        await run(vegeta, [
          "attack",
          "-lazy",
          "-format=json",
          `-targets=${path.join(dir, "targets.json")}`,
          `-workers=${CONNECTIONS}`,
          "-timeout=30s",
          `-output=${results}`,
          ...pace,
        ]);
        const report = JSON.parse(await run(vegeta, ["report", "-type=json", results])) as VegetaReport;
        const codes = Object.entries(report.status_codes ?? {});
        const count = (test: (code: number) => boolean) =>
          codes.filter(([code]) => test(Number(code))).reduce((sum, [, n]) => sum + n, 0);
        return {
          eventsPerSecond: report.throughput * perRequest,
          p50: Math.round(report.latencies["50th"] / 1e6),
          p99: Math.round(report.latencies["99th"] / 1e6),
          total: count((code) => code >= 200 && code < 300) * perRequest,
          non2xx: count((code) => code >= 300),
          serverErrors: count((code) => code >= 500),
          // Code 0: vegeta's mark for a request that got no answer (connection error or timeout).
          errors: count((code) => code === 0),
        };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
  };

/**
 * A wrk script (Lua) that sends `perRequest` events a request, each a copy of one task event
 * with fresh run ids made from the thread and a counter (so no two are duplicates), and writes
 * what the run measured as one JSON line. wrk is C with LuaJIT: on a 2-core machine it leaves the
 * API the most of the cores the load generator shares with it.
 */
function wrkScript(token: string, perRequest: number): string {
  // Three run ids per event (its own, its parent's, its root's) become %s in a format string.
  const sample = taskEvent();
  const run = sample.run as {
    runId: string;
    facets: { parent: { run: { runId: string }; root: { run: { runId: string } } } };
  };
  const ids = [run.runId, run.facets.parent.run.runId, run.facets.parent.root.run.runId];
  let one = JSON.stringify(sample).replaceAll("%", "%%");
  for (const id of ids) one = one.replace(id, "%s");
  const template = perRequest === 1 ? one : `[${Array.from({ length: perRequest }, () => one).join(",")}]`;
  return `
local template = [==[${template}]==]
local ids_per_request = ${3 * perRequest}
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end
local counter = 0
-- Global, not local: done() reads each thread's count with thread:get, which sees only globals.
failed = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer ${token}"
function request()
  local ids = {}
  for i = 1, ids_per_request do
    counter = counter + 1
    ids[i] = string.format("%08x-0000-4000-8000-%012x", tid, counter)
  end
  return wrk.format(nil, nil, nil, string.format(template, unpack(ids)))
end
function response(status, headers, body)
  if status >= 500 then failed = failed + 1 end
end
function done(summary, latency, requests)
  local server_errors = 0
  for _, thread in ipairs(threads) do server_errors = server_errors + (thread:get("failed") or 0) end
  local e = summary.errors
  io.write(string.format(
    '\\nWRK-RESULT {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"non2xx":%d,"serverErrors":%d,"socketErrors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status,
    server_errors, e.connect + e.read + e.write + e.timeout))
end
`;
}

/** Sends fresh events with wrk for `seconds` (its cases run for a time, not an amount). */
async function prepareWrk(
  wrk: string,
  url: string,
  token: string,
  seconds: number,
  perRequest: number,
): Promise<Prepared> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "skyport-bench-wrk-"));
  const script = path.join(dir, "ingest.lua");
  writeFileSync(script, wrkScript(token, perRequest));
  return async () => {
    try {
      const out = await run(wrk, [
        "-t1",
        `-c${CONNECTIONS}`,
        `-d${seconds}s`,
        "--timeout",
        "30s",
        "-s",
        script,
        url,
      ]);
      const line = out.split("\n").find((text) => text.startsWith("WRK-RESULT "));
      if (!line) throw new Error(`wrk printed no result:\n${out}`);
      const result = JSON.parse(line.slice("WRK-RESULT ".length)) as {
        requests: number;
        durationUs: number;
        p50Us: number;
        p99Us: number;
        non2xx: number;
        serverErrors: number;
        socketErrors: number;
      };
      const ok = result.requests - result.non2xx;
      return {
        eventsPerSecond: (ok * perRequest) / (result.durationUs / 1e6),
        p50: Math.round(result.p50Us / 1000),
        p99: Math.round(result.p99Us / 1000),
        total: ok * perRequest,
        non2xx: result.non2xx,
        serverErrors: result.serverErrors,
        errors: result.socketErrors,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/**
 * The load generators: `throughput` for the as-fast-as-it-goes cases (`--generator`, else wrk
 * when installed, else vegeta when built, else autocannon), `steady` for the constant-rate case
 * (vegeta, whose rate is constant, else autocannon, whose rate comes in a burst each second).
 */
function generators(): {
  throughput: { name: string; prepare: Prepare };
  steady: { name: string; prepare: Prepare };
} {
  const wrk = findOnPath("wrk");
  const vegeta = findVegeta();
  const choice = args.generator || (wrk ? "wrk" : vegeta ? "vegeta" : "autocannon");
  if (!wrk && !args.generator)
    log("wrk is not installed (apt-get install wrk): it is the cheapest load generator");
  if (!vegeta) log(`vegeta is not built (${VEGETA_INSTALL_HINT}); autocannon sends the steady-rate case`);
  const withVegeta = vegeta ? { name: "vegeta", prepare: vegetaPreparer(vegeta) } : undefined;
  const withAutocannon = { name: "autocannon", prepare: prepareAutocannon };
  const steady = withVegeta ?? withAutocannon;
  if (choice === "wrk") {
    if (!wrk) throw new Error("--generator wrk: wrk is not on PATH (apt-get install wrk)");
    // wrk runs for a time: each throughput case sends for --seconds.
    const prepare: Prepare = (url, token, _options, _expected, perRequest) =>
      prepareWrk(wrk, url, token, SECONDS, perRequest);
    return { throughput: { name: "wrk", prepare }, steady };
  }
  if (choice === "vegeta") {
    if (!withVegeta) throw new Error(`--generator vegeta: vegeta is not built; run ${VEGETA_INSTALL_HINT}`);
    return { throughput: withVegeta, steady };
  }
  if (choice !== "autocannon")
    throw new Error(`--generator must be wrk, vegeta or autocannon (got ${choice})`);
  return { throughput: withAutocannon, steady };
}

function main(): Promise<void> {
  return runBench(2, async ({ databaseUrl, redisUrl, pool, children }) => {
    const { throughput, steady: steadyGenerator } = generators();
    const prepare = (
      url: string,
      token: string,
      options: SendOptions,
      expected = options.amount ?? 0,
      perRequest = 1,
    ) => throughput.prepare(url, token, options, expected, perRequest);
    const seeded = await seed(pool);
    const api = startRole(SELF, "api", apiEnv(databaseUrl, redisUrl), { profile: args.profile });
    children.push(api.child);
    const endpoint = `http://${HOST}:${await api.port}/api/v1/lineage`;
    const eventBytes = Buffer.byteLength(JSON.stringify(taskEvent()));

    // Warm-up (JIT, validators, connection pools, this month's partition), not counted.
    await (await steadyGenerator.prepare(endpoint, seeded.token, { amount: 500 }, 500, 1))();
    await rawInsert(pool, seeded, BATCH);

    // The steady rate first, on a settled machine: the target's case.
    const steadyCase = async () =>
      (
        await steadyGenerator.prepare(
          endpoint,
          seeded.token,
          { duration: SECONDS, rate: 500 },
          Math.ceil(SECONDS * 500 * 1.1),
          1,
        )
      )();
    const steady = await steadyCase();

    const redis = new Redis(redisUrl, { lazyConnect: true });
    await redis.connect();
    const throughputCase = await prepare(endpoint, seeded.token, { amount: EVENTS });
    const rawBefore = machineCpuMs(databaseUrl, redisUrl);
    const rawFirst = await rawInsert(pool, seeded, RAW_ROWS);
    const rawMiddle = machineCpuMs(databaseUrl, redisUrl);
    const tripsBefore = await roundTrips(pool, redis);
    const cpuBefore = await apiCpuMs(api.child);
    const machineBefore = machineCpuMs(databaseUrl, redisUrl);
    const http = await throughputCase();
    const machineAfter = machineCpuMs(databaseUrl, redisUrl);
    const cpuPerEvent = ((await apiCpuMs(api.child)) - cpuBefore) / http.total;
    const httpMachine = perEvent(machineBefore, machineAfter, http.total, cpuPerEvent);
    const tripsAfter = await roundTrips(pool, redis);
    redis.disconnect();
    const rawResumed = machineCpuMs(databaseUrl, redisUrl);
    const rawSecond = await rawInsert(pool, seeded, RAW_ROWS);
    const rawMachine = perEvent(
      rawBefore,
      addCpu(rawMiddle, machineCpuMs(databaseUrl, redisUrl), rawResumed),
      2 * RAW_ROWS,
    );
    const raw = (rawFirst + rawSecond) / 2;
    // The two reads themselves commit once each.
    const commitsPerEvent = (tripsAfter.commits - tripsBefore.commits - 2) / http.total;
    const commandsPerEvent = (tripsAfter.commands - tripsBefore.commands) / http.total;
    // Not the target's case (the provider sends one event per request): the same events through
    // POST /api/v1/lineage/batch, BATCH_EVENTS a request, to show what is paid per request.
    const batchCase = await prepare(
      `${endpoint}/batch`,
      seeded.token,
      { amount: EVENTS / BATCH_EVENTS },
      EVENTS / BATCH_EVENTS,
      BATCH_EVENTS,
    );
    const batchCpuBefore = await apiCpuMs(api.child);
    const batched = await batchCase();
    const batchCpuPerEvent = ((await apiCpuMs(api.child)) - batchCpuBefore) / batched.total;
    // The same steady rate again right after the bursts: what a deployment's steady stream sees
    // while the machine's kernel writes the bursts' rows back to disk (informative).
    const dirtyAfterBursts = dirtyKib();
    const steadyAfterBursts = await steadyCase();
    const stored = await pool.query(
      `SELECT count(*)::int AS n FROM "LineageEvent" WHERE "deploymentId" = $1`,
      [seeded.deploymentId],
    );

    const ratio = http.eventsPerSecond / raw;
    const sum = (of: (sent: Sent) => number) =>
      [http, batched, steady, steadyAfterBursts].reduce((total, sent) => total + of(sent), 0);
    process.stdout.write(
      [
        `ingest bench: one event (~${eventBytes} B) per request, ${CONNECTIONS} concurrent senders (${throughput.name}; steady rate: ${steadyGenerator.name}), node ${process.version}`,
        "",
        `POST /api/v1/lineage     ${http.eventsPerSecond.toFixed(0)} events/s (${http.total} events, p50 ${http.p50} ms, p99 ${http.p99} ms)`,
        `raw batched INSERT       ${raw.toFixed(0)} events/s (mean of ${rawFirst.toFixed(0)} before and ${rawSecond.toFixed(0)} after the HTTP case; ${RAW_ROWS} rows each, in batches of ${BATCH})`,
        `HTTP / raw INSERT        ${ratio.toFixed(2)} (target ≥ 0.5)`,
        `API process CPU          ${cpuPerEvent.toFixed(2)} ms per event (throughput case)`,
        `CPU ms per event         HTTP: API ${ms(cpuPerEvent)} + load generator ${ms(httpMachine.bench)} + PostgreSQL ${ms(httpMachine.postgres)} + Redis ${ms(httpMachine.redis)} = ${ms(httpMachine.total)} (2 cores: at most ${(2000 / httpMachine.total).toFixed(0)} events/s; the API alone on one core: ${(1000 / cpuPerEvent).toFixed(0)})`,
        `                         raw: client ${ms(rawMachine.bench)} (making its rows included) + PostgreSQL ${ms(rawMachine.postgres)} = ${ms(rawMachine.total)}`,
        `round trips per event    ${commandsPerEvent.toFixed(3)} Redis commands, ${commitsPerEvent.toFixed(3)} database commits (throughput case)`,
        `  (informative) /batch   ${batched.eventsPerSecond.toFixed(0)} events/s in requests of ${BATCH_EVENTS} events (ratio ${(batched.eventsPerSecond / raw).toFixed(2)}), API CPU ${batchCpuPerEvent.toFixed(2)} ms per event`,
        `steady 500 events/s      p99 ${steady.p99} ms, p50 ${steady.p50} ms over ${steady.total} events (target p99 < 50 ms)`,
        `  (informative) the same right after the bursts: p99 ${steadyAfterBursts.p99} ms, p50 ${steadyAfterBursts.p50} ms${dirtyAfterBursts === null ? "" : `, starting with ${(dirtyAfterBursts / 1024).toFixed(0)} MB of their pages not yet written back`}`,
        `rows stored              ${stored.rows[0]?.n}`,
        `HTTP 5xx ${sum((c) => c.serverErrors)}, other non-2xx ${sum((c) => c.non2xx - c.serverErrors)}, socket errors/timeouts ${sum((c) => c.errors)}`,
        "",
      ].join("\n"),
    );
    return sum((c) => c.non2xx + c.errors) === 0;
  });
}

if (args.role === "api") {
  await serveApi(async (services) => {
    // The limiter still runs (its Redis round trip is part of the cost), but never refuses here.
    const { configureLineageRateLimit } = await import("../apps/web/src/server/lineage/ingest.ts");
    configureLineageRateLimit(services, { events: 1_000_000_000, windowSeconds: 1 });
  });
} else await main();

// What every bench starts with: PostgreSQL (DATABASE_URL's server when set, else an embedded,
// ephemeral one) holding a database of the bench's own, cloned from the migrated template and
// dropped after; and, for the benches that need it, Redis (REDIS_URL, else a redis-server).
// The HTTP benches also share the child-process scaffolding: the API served by the real REST
// handler behind node:http in a forked child, its environment, and how a child is stopped.
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { generateApiTokenSecret, generateIngestToken } from "@skyport/domain";
import { STATE_DIR } from "@skyport/localstack";
import autocannon from "autocannon";
import pg from "pg";
import { ephemeralPostgres, ephemeralRedis } from "../packages/testing/src/services.ts";
import { cloneDatabase, dropDatabase, prepareTemplateDatabase } from "../packages/testing/src/template.ts";

export const HOST = "127.0.0.1";

export const log = (text: string) => process.stderr.write(`[bench] ${text}\n`);

export interface BenchDatabase {
  /** The bench's own database. */
  url: string;
  /** Drops the database and stops the server when the bench started it. */
  close(): Promise<void>;
}

export async function benchDatabase(): Promise<BenchDatabase> {
  const postgres = await ephemeralPostgres("bench", log);
  const template = await prepareTemplateDatabase(postgres.url);
  const name = `skyport_bench_${randomBytes(4).toString("hex")}`;
  const url = await cloneDatabase(postgres.url, template, name);
  return {
    url,
    async close() {
      await dropDatabase(postgres.url, name).catch(() => {});
      await postgres.stop();
    },
  };
}

export function benchRedis() {
  return ephemeralRedis("bench", log);
}

/**
 * The flags of an HTTP bench: `--role` (set only in its forked children, which then exit cleanly
 * on SIGTERM), `--connections` (concurrent clients, default 50), `--profile` (a CPU profile of
 * the API child), the bench's own numeric flags with their defaults, read as numbers, and its
 * own text flags with theirs.
 */
export function benchArgs<Name extends string, Text extends string = never>(
  defaults: Record<Name, number>,
  texts: Record<Text, string> = {} as Record<Text, string>,
) {
  const options: ParseArgsConfig["options"] = {
    role: { type: "string" },
    connections: { type: "string", default: "50" },
    /** Writes a CPU profile of the API process to .skyport/bench/profiles. */
    profile: { type: "boolean", default: false },
  };
  for (const [name, value] of Object.entries({ ...defaults, ...texts }))
    options[name] = { type: "string", default: String(value) };
  const values = parseArgs({ options }).values as Record<string, string | boolean | undefined>;
  const numbers = Object.fromEntries(
    [...Object.keys(defaults), "connections"].map((name) => [name, Number(values[name])]),
  ) as Record<Name | "connections", number>;
  const strings = Object.fromEntries(
    Object.keys(texts).map((name) => [name, String(values[name])]),
  ) as Record<Text, string>;
  const role = typeof values.role === "string" ? values.role : undefined;
  // A child role exits cleanly on SIGTERM so that --cpu-prof writes its profile.
  if (role) exitOnSigterm();
  return { ...numbers, ...strings, role, profile: values.profile === true };
}

export interface BenchRun {
  /** The bench's database and Redis. */
  databaseUrl: string;
  redisUrl: string;
  /** A pool on the bench's database, for seeding and the raw SQL side. */
  pool: pg.Pool;
  /** Child processes the bench forks; each is stopped at the end. */
  children: ChildProcess[];
}

/**
 * Runs an HTTP bench's parent: starts its database and Redis, runs `body`, then stops every
 * child and service whatever happened. The exit code is 1 when `body` throws or answers false.
 */
export async function runBench(poolSize: number, body: (run: BenchRun) => Promise<boolean>): Promise<void> {
  const database = await benchDatabase();
  const redis = await benchRedis();
  const pool = new pg.Pool({ connectionString: database.url, max: poolSize });
  const children: ChildProcess[] = [];
  let passed = false;
  try {
    passed = await body({ databaseUrl: database.url, redisUrl: redis.url, pool, children });
  } catch (error) {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  } finally {
    for (const child of children) await stopChild(child);
    await pool.end();
    await redis.stop();
    await database.close();
  }
  process.exitCode = passed ? 0 : 1;
}

/** The API child's environment: the bench's database and Redis, fresh secrets, production mode. */
export function apiEnv(databaseUrl: string, redisUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    SKYPORT_SECRET: randomBytes(32).toString("hex"),
    SKYPORT_KEK: `bench:${randomBytes(32).toString("base64")}`,
    SKYPORT_PUBLIC_URL: `http://${HOST}`,
    PORT: "3000",
  };
}

type Services = ReturnType<typeof import("../apps/web/src/server/services.ts").createServices>;

/** Listens on a free port of HOST and answers the port to the parent over IPC. */
export function listenAndReport(server: http.Server): void {
  server.listen(0, HOST, () => {
    const address = server.address();
    process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
  });
}

/**
 * The API child role: the route module's composition (request log + REST handler) behind
 * node:http, after the node:http routes the production server serves first (lineage ingest). `configure` runs once the services are ready, before the first request.
 */
export async function serveApi(configure?: (services: Services) => void | Promise<void>): Promise<void> {
  const { handleRestRequest } = await import("../apps/web/src/server/rest/handler.ts");
  const { createServices } = await import("../apps/web/src/server/services.ts");
  const { withRequestLog } = await import("../apps/web/src/server/request-log.ts");
  const { webEnvSchema } = await import("@skyport/config");
  const config = webEnvSchema.parse({ ...process.env, LOG_LEVEL: "silent", NODE_ENV: "production" });
  // The parent asks for this process's CPU time around a case (see apiCpuMs).
  process.on("message", (message) => {
    if (message === "cpu") process.send?.({ cpu: process.cpuUsage() });
  });
  const services = createServices(config);
  (globalThis as { __skyportWebServices?: unknown }).__skyportWebServices = services;
  await services.ready;
  await configure?.(services);
  const route = withRequestLog((request, scope) => handleRestRequest(request, services, scope));
  // As the production server (apps/web/server.mjs): the ingest endpoints on node:http itself.
  const { nodeRoutes } = await import("../apps/web/src/server/lineage/node.ts");
  const served = nodeRoutes(services);
  const server = http.createServer(async (req, res) => {
    if (served(req, res)) return;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const response = await route(
      new Request(`http://${HOST}${req.url}`, { method: req.method, headers, body }),
      undefined,
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  listenAndReport(server);
}

/**
 * The API process's CPU time (user + system) in ms so far. Per event it is the case's cost in
 * the API itself, which the machine's other load changes far less than throughput or latency.
 */
export function apiCpuMs(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const listen = (message: unknown) => {
      const cpu = (message as { cpu?: NodeJS.CpuUsage }).cpu;
      if (!cpu) return;
      child.off("message", listen);
      resolve((cpu.user + cpu.system) / 1000);
    };
    child.on("message", listen);
    child.send("cpu");
  });
}

/**
 * Forks `script` in the child role `role` (under tsx), optionally writing a CPU profile to
 * .skyport/bench/profiles; `port` resolves with the port the child reports.
 */
export function startRole(
  script: string,
  role: string,
  env: NodeJS.ProcessEnv,
  options: { profile?: boolean } = {},
) {
  const child = fork(script, ["--role", role], {
    env,
    execArgv: [
      "--import",
      "tsx",
      ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(" ") : []),
      ...(options.profile
        ? ["--cpu-prof", `--cpu-prof-dir=${path.join(STATE_DIR, "bench", "profiles")}`]
        : []),
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = new Promise<number>((resolve, reject) => {
    child.once("message", (message) => resolve((message as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`${role} server exited with ${code}`)));
  });
  return { child, port };
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** In a child role, exit cleanly on SIGTERM so that --cpu-prof writes its profile. */
export function exitOnSigterm(): void {
  process.on("SIGTERM", () => process.exit(0));
}

/** The number of HTTP 5xx answers in an autocannon result. */
export function serverErrorCount(result: autocannon.Result): number {
  return Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => Number(code) >= 500)
    .reduce((sum, [, stat]) => sum + (stat as { count: number }).count, 0);
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export interface Load {
  connections: number;
  requests: number;
}

/**
 * `load.requests` GETs of `url` by `load.connections` clients, after an uncounted warm-up; with
 * `cpuMs` (the server's CPU time so far, e.g. apiCpuMs), also the server's CPU ms per request.
 */
export async function measureHttp(
  url: string,
  load: Load,
  headers: Record<string, string> = {},
  cpuMs?: () => Promise<number>,
) {
  await autocannon({ url, connections: load.connections, amount: Math.min(500, load.requests), headers });
  const cpuBefore = cpuMs ? await cpuMs() : 0;
  const result = await autocannon({ url, connections: load.connections, amount: load.requests, headers });
  const cpuPerRequest = cpuMs ? ((await cpuMs()) - cpuBefore) / result.requests.total : null;
  const serverErrors = serverErrorCount(result);
  return {
    cpuPerRequest,
    p99: result.latency.p99,
    rps: result.requests.average,
    completed: result.requests.total,
    non2xx: result.non2xx,
    serverErrors,
    errors: result.errors + result.timeouts,
  };
}

/**
 * The same read as raw SQL: `load.requests` queries by `load.connections` concurrent clients
 * over a pool of 10 (the API's), each answer checked by `check`.
 */
export async function measureSql(
  pool: pg.Pool,
  sql: string,
  params: unknown[],
  load: Load,
  check: (result: pg.QueryResult) => void,
) {
  check(await pool.query(sql, params)); // warm up
  const latencies: number[] = [];
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: load.connections }, async () => {
      while (issued < load.requests) {
        issued += 1;
        const t = performance.now();
        check(await pool.query(sql, params));
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { p99: percentile(latencies, 99), rps: latencies.length / seconds };
}

/** An ORGANIZATION_OWNER API token of the organization, inserted directly; answers the secret. */
export async function insertOwnerToken(pool: pg.Pool, organizationId: string, id: string): Promise<string> {
  const { secret, prefix, secretHash } = generateApiTokenSecret();
  await pool.query(
    `INSERT INTO "ApiToken" ("id", "organizationId", "scope", "role", "name", "prefix", "secretHash")
     VALUES ($1, $2, 'ORGANIZATION', 'ORGANIZATION_OWNER', 'bench', $3, $4)`,
    [id, organizationId, prefix, secretHash],
  );
  return secret;
}

/** An ingest token of the deployment, inserted directly; answers the bearer token. */
export async function insertIngestToken(
  pool: pg.Pool,
  organizationId: string,
  deploymentId: string,
  id: string,
) {
  const { token, prefix, secretHash } = generateIngestToken();
  await pool.query(
    `INSERT INTO "IngestToken" ("id", "organizationId", "deploymentId", "secretHash", "prefix") VALUES ($1, $2, $3, $4, $5)`,
    [id, organizationId, deploymentId, secretHash, prefix],
  );
  return token;
}

/** One organization, workspace and HEALTHY deployment, inserted directly; `tag` keeps ids unique. */
export async function insertDeployment(pool: pg.Pool, tag: string) {
  const organizationId = `benchorg${tag}`;
  const workspaceId = `benchws${tag}`;
  const deploymentId = `benchdep${tag}`;
  await pool.query(
    `INSERT INTO "Organization" ("id", "name", "slug", "updatedAt") VALUES ($1, $2, $3, now())`,
    [organizationId, `Bench ${tag}`, `bench-${tag}`],
  );
  await pool.query(
    `INSERT INTO "Workspace" ("id", "organizationId", "name", "updatedAt") VALUES ($1, $2, 'W', now())`,
    [workspaceId, organizationId],
  );
  await pool.query(
    `INSERT INTO "Deployment" ("id", "organizationId", "workspaceId", "name", "spec", "status", "statusReason",
                               "namespace", "generation", "observedGeneration", "updatedAt")
     VALUES ($1, $2, $3, 'etl', '{"runtimeVersion":"3.3.1","executor":"CELERY","workerQueues":[]}'::jsonb,
             'HEALTHY', '', $4, 1, 1, now())`,
    [deploymentId, organizationId, workspaceId, `skyport-bench${tag}`],
  );
  return { organizationId, workspaceId, deploymentId };
}

/** A case's report: the API's p99 and rate against the same read in raw SQL. */
export function apiAgainstSql(
  label: string,
  api: Awaited<ReturnType<typeof measureHttp>>,
  raw: { p99: number; rps: number },
  extra: string[] = [],
): string {
  return [
    `${label}:`,
    `  API            p99 ${api.p99.toFixed(1)} ms, ${api.rps.toFixed(0)} req/s (${api.completed} requests)`,
    `  raw SQL        p99 ${raw.p99.toFixed(1)} ms, ${raw.rps.toFixed(0)} queries/s`,
    `  API p99 / raw SQL p99   ${(api.p99 / raw.p99).toFixed(2)}×`,
    ...extra,
    `  HTTP 5xx ${api.serverErrors}, other non-2xx ${api.non2xx - api.serverErrors}, socket errors/timeouts ${api.errors}`,
    "",
  ].join("\n");
}

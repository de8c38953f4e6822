// Listing at scale: 100,000 deployments in one organization, among them a workspace of 100
// and one of 10,000; 50 concurrent clients ask the REST API for the first page of each. In one
// run it reports, per workspace:
//   - API p99 against the p99 of the same page read with raw SQL (target ≤ 3×),
//   - API requests/s against a bare Node HTTP server answering a constant JSON (ratio),
//   - HTTP 5xx answers (target 0).
// Not part of `npm test`; run `npm run bench:list`.
//
//   --requests <n>     requests per case (default 5000)
//   --connections <n>  concurrent clients (default 50)
//   --deployments <n>  deployments in the organization (default 100000)
//
// PostgreSQL: DATABASE_URL's server when set, else an embedded one of its own (ephemeral).
// Redis: REDIS_URL when set, else a redis-server on PATH. Everything listens on 127.0.0.1.
// The API runs in a child process (the real REST handler behind node:http, as the console's
// route does it) so the load generator does not share its event loop; so does the bare server.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import pg from "pg";
import {
  apiAgainstSql,
  apiCpuMs,
  apiEnv,
  benchArgs,
  HOST,
  insertOwnerToken,
  listenAndReport,
  log,
  measureHttp,
  measureSql,
  runBench,
  serveApi,
  startRole,
  stopChild,
} from "./support.ts";

const SELF = fileURLToPath(import.meta.url);

const args = benchArgs({ requests: 5000, deployments: 100_000 });

// ---------------------------------------------------------------------------------------
// Child roles: the API server (./support.ts) and the bare server. Each answers its port over IPC.

function serveBare(): void {
  const body = JSON.stringify({ items: [], nextCursor: null });
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
    res.end(body);
  });
  listenAndReport(server);
}

// ---------------------------------------------------------------------------------------
// The parent: seed, measure, report.

const REQUESTS = args.requests;
const CONNECTIONS = args.connections;
const TOTAL = args.deployments;
const SMALL = 100;
const LARGE = 10_000;
const PAGE = 50; // the API's default page size, which the API requests use

const SPEC = JSON.stringify({
  name: "bench",
  description: "",
  runtimeVersion: "3.3.1",
  executor: "CELERY",
  schedulerSize: "S",
  highAvailability: false,
  workerQueues: [{ name: "default", workerSize: "S", minWorkers: 1, maxWorkers: 10, workerConcurrency: 16 }],
  airflowConfigOverrides: [],
  contactEmails: [],
});

interface Seeded {
  organizationId: string;
  small: string;
  large: string;
  token: string;
}

/** One organization, three workspaces (100, 10,000 and the rest), one owner API token. */
async function seed(pool: pg.Pool): Promise<Seeded> {
  const tag = randomBytes(4).toString("hex");
  const id = (kind: string) => `bench${kind}${tag}`;
  const organizationId = id("org");
  const [small, large, rest] = [id("wsa"), id("wsb"), id("wsc")];
  await pool.query(
    `INSERT INTO "Organization" ("id", "name", "slug", "updatedAt") VALUES ($1, $2, $3, now())`,
    [organizationId, `Bench ${tag}`, `bench-${tag}`],
  );
  for (const [workspaceId, name] of [
    [small, "Small"],
    [large, "Large"],
    [rest, "Everything else"],
  ]) {
    await pool.query(
      `INSERT INTO "Workspace" ("id", "organizationId", "name", "updatedAt") VALUES ($1, $2, $3, now())`,
      [workspaceId, organizationId, name],
    );
  }
  // One statement for every deployment; ids interleave the workspaces, as real creation does.
  await pool.query(
    `INSERT INTO "Deployment" ("id", "organizationId", "workspaceId", "name", "spec", "status", "statusReason",
                               "namespace", "generation", "observedGeneration", "updatedAt")
     SELECT 'd' || lpad(n::text, 7, '0') || $5, $1,
            CASE WHEN n % ($6::int / $7::int) = 0 AND n / ($6::int / $7::int) <= $7::int THEN $2
                 WHEN n % ($6::int / $8::int) = 1 AND n / ($6::int / $8::int) < $8::int THEN $3
                 ELSE $4 END,
            'deployment-' || n, $9::jsonb, 'HEALTHY', '', 'skyport-b' || n || $5, 1, 1, now()
     FROM generate_series(1, $6::int) AS n`,
    [organizationId, small, large, rest, tag, TOTAL, SMALL, LARGE, SPEC],
  );
  const token = await insertOwnerToken(pool, organizationId, id("tok"));
  await pool.query("ANALYZE");
  return { organizationId, small, large, token };
}

const LOAD = { connections: CONNECTIONS, requests: REQUESTS };

/** The same page the API reads, as raw SQL, by CONNECTIONS concurrent clients over a pool of 10. */
async function rawSqlPage(url: string, seeded: Seeded, workspaceId: string) {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const sql = `SELECT d.*, w."name" AS "workspaceName" FROM "Deployment" d JOIN "Workspace" w ON w."id" = d."workspaceId"
               WHERE d."organizationId" = $1 AND d."workspaceId" = $2 AND d."status" <> 'DELETED'
               ORDER BY d."id" LIMIT $3`;
  try {
    return await measureSql(pool, sql, [seeded.organizationId, workspaceId, PAGE + 1], LOAD, (result) => {
      if (result.rowCount !== PAGE + 1) throw new Error(`raw page read ${result.rowCount} rows`);
    });
  } finally {
    await pool.end();
  }
}

const load = (url: string, headers: Record<string, string> = {}, cpuMs?: () => Promise<number>) =>
  measureHttp(url, LOAD, headers, cpuMs);

/** Forks this file in a child role; only the API is profiled. */
function start(role: "api" | "bare", env: NodeJS.ProcessEnv) {
  return startRole(SELF, role, env, { profile: args.profile && role === "api" });
}

function main(): Promise<void> {
  return runBench(2, async ({ databaseUrl: url, redisUrl, pool, children }) => {
    let t = performance.now();
    const seeded = await seed(pool);
    log(`seeded ${TOTAL} deployments in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const counts = await pool.query(
      `SELECT "workspaceId", count(*)::int AS n FROM "Deployment" WHERE "workspaceId" IN ($1, $2) GROUP BY 1`,
      [seeded.small, seeded.large],
    );
    const sizes = new Map(counts.rows.map((row) => [row.workspaceId as string, row.n as number]));
    if (sizes.get(seeded.small) !== SMALL || sizes.get(seeded.large) !== LARGE)
      throw new Error(`workspace sizes are ${JSON.stringify(Object.fromEntries(sizes))}`);

    const env = apiEnv(url, redisUrl);
    const bare = start("bare", env);
    children.push(bare.child);
    const barePort = await bare.port;
    const bareLoad = await load(`http://${HOST}:${barePort}/`);
    await stopChild(bare.child);

    const api = start("api", env);
    children.push(api.child);
    const apiPort = await api.port;

    process.stdout.write(
      `list-deployments bench: ${TOTAL} deployments, ${CONNECTIONS} concurrent clients, ${REQUESTS} requests per case, page of ${PAGE}, node ${process.version}\n\n`,
    );
    process.stdout.write(
      `bare Node HTTP server (constant JSON): ${bareLoad.rps.toFixed(0)} req/s, p99 ${bareLoad.p99} ms\n\n`,
    );
    let passed = true;
    for (const [label, workspaceId] of [
      [`workspace of ${SMALL}`, seeded.small],
      [`workspace of ${LARGE}`, seeded.large],
    ] as const) {
      t = performance.now();
      const apiLoad = await load(
        `http://${HOST}:${apiPort}/api/v1/organizations/${seeded.organizationId}/deployments?workspaceId=${workspaceId}`,
        { authorization: `Bearer ${seeded.token}` },
        () => apiCpuMs(api.child),
      );
      const raw = await rawSqlPage(url, seeded, workspaceId);
      process.stdout.write(
        apiAgainstSql(label, apiLoad, raw, [
          "  target ≤ 3×",
          `  API req/s / bare Node   ${((100 * apiLoad.rps) / bareLoad.rps).toFixed(2)}%`,
          `  API process CPU         ${apiLoad.cpuPerRequest?.toFixed(2)} ms per request`,
        ]),
      );
      if (apiLoad.serverErrors > 0 || apiLoad.non2xx > 0 || apiLoad.errors > 0) passed = false;
    }
    return passed;
  });
}

if (args.role === "api") await serveApi();
else if (args.role === "bare") serveBare();
else await main();

// The run history at scale: one deployment whose runtime reported 50,000 DAG runs of 100 DAGs
// with 20 task tries each (1,000,000 task instances). 50 concurrent clients read through the
// REST API, in one run, per case:
//   - the newest page of runs, a DAG's failed runs (filters), and one run with its 20 tries;
//   - API p99 against the p99 of the same read as raw SQL (reported with the ratio),
//   - HTTP 5xx answers (target 0).
// Not part of `npm test`; run `npm run bench:runs`.
//
//   --requests <n>     requests per case (default 3000)
//   --connections <n>  concurrent clients (default 50)
//   --runs <n>         DAG runs (default 50000; 20 task tries each)
//
// PostgreSQL and Redis as in every bench (./support.ts); the API runs in a forked child.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import {
  apiAgainstSql,
  apiEnv,
  benchArgs,
  HOST,
  insertDeployment,
  insertOwnerToken,
  log,
  measureHttp,
  measureSql,
  runBench,
  serveApi,
  startRole,
} from "./support.ts";

const SELF = fileURLToPath(import.meta.url);
const args = benchArgs({ requests: 3000, runs: 50_000 });

const LOAD = { connections: args.connections, requests: args.requests };
const RUNS = args.runs;
const TASKS_PER_RUN = 20;
const DAGS = 100;
const PAGE = 50;

interface Seeded {
  organizationId: string;
  deploymentId: string;
  token: string;
  /** A DAG with failed runs, and one run's ids (its row id and OpenLineage runId). */
  dagId: string;
  run: { id: string; runId: string };
}

/** One organization, workspace and deployment; RUNS DAG runs (every 20th failed) with their tries. */
async function seed(pool: pg.Pool): Promise<Seeded> {
  const tag = randomBytes(4).toString("hex");
  const { organizationId, deploymentId } = await insertDeployment(pool, tag);
  // Run n starts n minutes after the epoch below and lasts 10 minutes; every 20th fails.
  await pool.query(
    `INSERT INTO "DagRun" ("id", "organizationId", "deploymentId", "runId", "jobNamespace", "dagId", "airflowRunId",
                           "logicalDate", "runType", "state", "startedAt", "endedAt", "durationMs", "lastEventTime",
                           "taskCount", "failedTaskCount")
     SELECT 'r' || n, $1, $2, 'run-' || n, 'default', 'dag_' || (n % ${DAGS}), 'scheduled__' || n,
            t, 'scheduled', CASE WHEN n % 20 = 0 THEN 'FAILED' ELSE 'SUCCESS' END,
            t, t + interval '10 minutes', 600000, t + interval '10 minutes',
            ${TASKS_PER_RUN}, CASE WHEN n % 20 = 0 THEN 1 ELSE 0 END
     FROM generate_series(1, $3::int) AS n, LATERAL (SELECT timestamp '2026-01-01' + n * interval '1 minute' AS t) AS at`,
    [organizationId, deploymentId, RUNS],
  );
  await pool.query(
    `INSERT INTO "TaskInstanceTry" ("id", "organizationId", "deploymentId", "key", "runId", "dagRunId", "dagId", "taskId",
                                    "tryNumber", "state", "source", "startedAt", "endedAt", "durationMs", "queue")
     SELECT 't' || n || '_' || k, $1, $2, 'run-' || n || '/task_' || k, 'run-' || n || '-task-' || k, 'run-' || n,
            'dag_' || (n % ${DAGS}), 'task_' || k, 1,
            CASE WHEN n % 20 = 0 AND k = ${TASKS_PER_RUN} THEN 'FAILED' ELSE 'SUCCESS' END, 'events',
            t + k * interval '20 seconds', t + (k + 1) * interval '20 seconds', 20000, 'default'
     FROM generate_series(1, $3::int) AS n, generate_series(1, ${TASKS_PER_RUN}) AS k,
          LATERAL (SELECT timestamp '2026-01-01' + n * interval '1 minute' AS t) AS at`,
    [organizationId, deploymentId, RUNS],
  );
  const token = await insertOwnerToken(pool, organizationId, `benchtok${tag}`);
  await pool.query("ANALYZE");
  const middle = Math.floor(RUNS / 2);
  return {
    organizationId,
    deploymentId,
    token,
    dagId: "dag_0",
    run: { id: `r${middle}`, runId: `run-${middle}` },
  };
}

/** The reads each case makes, as the domain's queries make them, for the raw SQL side. */
function cases(s: Seeded) {
  const base = `/api/v1/organizations/${s.organizationId}/deployments/${s.deploymentId}/runs`;
  const runColumns = `"id", "deploymentId", "runId", "dagId", "airflowRunId", "logicalDate", "runType", "state",
    "startedAt", "endedAt", "durationMs", "errorMessage", "lastEventTime", "taskCount", "failedTaskCount"`;
  return [
    {
      label: `newest ${PAGE} runs`,
      path: `${base}?limit=${PAGE}`,
      sql: `SELECT ${runColumns} FROM "DagRun" WHERE "deploymentId" = $1 AND "organizationId" = $2
            ORDER BY "lastEventTime" DESC, "id" DESC LIMIT ${PAGE + 1}`,
      params: [s.deploymentId, s.organizationId],
      rows: PAGE + 1,
    },
    {
      label: `${s.dagId}'s failed runs`,
      path: `${base}?limit=${PAGE}&dagId=${s.dagId}&state=FAILED`,
      sql: `SELECT ${runColumns} FROM "DagRun" WHERE "deploymentId" = $1 AND "organizationId" = $2 AND "dagId" = $3
              AND "state" = 'FAILED' ORDER BY "lastEventTime" DESC, "id" DESC LIMIT ${PAGE + 1}`,
      params: [s.deploymentId, s.organizationId, s.dagId],
      // dag_0 runs every 100th run, and every one of those fails (n divisible by 20).
      rows: Math.min(PAGE + 1, Math.floor(RUNS / DAGS)),
    },
    {
      label: `one run with its ${TASKS_PER_RUN} tries`,
      path: `${base}/${s.run.id}`,
      sql: `SELECT * FROM "TaskInstanceTry" WHERE "deploymentId" = $1 AND "dagRunId" = $2
            ORDER BY "startedAt" ASC NULLS LAST, "taskId", "tryNumber", "key"`,
      params: [s.deploymentId, s.run.runId],
      rows: TASKS_PER_RUN,
    },
  ];
}

function main(): Promise<void> {
  return runBench(10, async ({ databaseUrl, redisUrl, pool, children }) => {
    const t = performance.now();
    const seeded = await seed(pool);
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM "TaskInstanceTry" WHERE "deploymentId" = $1`,
      [seeded.deploymentId],
    );
    log(
      `seeded ${RUNS} DAG runs, ${rows[0].n} task tries in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    const api = startRole(SELF, "api", apiEnv(databaseUrl, redisUrl), { profile: args.profile });
    children.push(api.child);
    const port = await api.port;
    process.stdout.write(
      `runs-list bench: ${RUNS} DAG runs, ${rows[0].n} task instances in one deployment, ${LOAD.connections} concurrent clients, ${LOAD.requests} requests per case, node ${process.version}\n\n`,
    );
    let passed = true;
    for (const c of cases(seeded)) {
      const apiLoad = await measureHttp(`http://${HOST}:${port}${c.path}`, LOAD, {
        authorization: `Bearer ${seeded.token}`,
      });
      const raw = await measureSql(pool, c.sql, c.params, LOAD, (result) => {
        if (result.rowCount !== c.rows) throw new Error(`${c.label}: raw SQL read ${result.rowCount} rows`);
      });
      process.stdout.write(apiAgainstSql(c.label, apiLoad, raw));
      if (apiLoad.serverErrors > 0 || apiLoad.non2xx > 0 || apiLoad.errors > 0) passed = false;
    }
    return passed;
  });
}

if (args.role === "api") await serveApi();
else await main();

// Local runtimes end to end: `npm start` with SKYPORT_RUNTIME=local on a fresh state directory,
// a Celery deployment with two worker queues runs as real Apache Airflow processes supervised by
// the worker. It turns HEALTHY, runs a deployed DAG with a task on each queue (triggered through
// Airflow's own REST API, signed in as the generated admin), survives kill -9 of its scheduler,
// and deletion removes its processes, files and metadata database. A second journey runs an
// Airflow 2 deployment (webserver, /api/v1 with basic auth) beside an Airflow 3 one.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_RUNTIME_VERSION } from "@skyport/deployment-spec";
import { findFreePort } from "@skyport/localstack";
import { metadataDatabaseName } from "@skyport/provisioning";
import { createTestDatabase, testPostgresServerUrl } from "@skyport/testing";
import { hasToolchain } from "@skyport/testing/toolchain";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AIRFLOW_PYTHON } from "../src/airflow-example-dags.ts";
import * as cli from "../src/cli.ts";
import { killRecordedGroups, waitFor } from "../src/local-runtimes.ts";
import {
  processesMatching,
  type RunningStack,
  repoPath,
  stackEnvironment,
  startStack,
} from "../src/stack.ts";

const PASSWORD = "correct horse battery staple";
const DAGS = repoPath("e2e/airflow/local-runtime-dags");
const DAG_ID = "skyport_two_queues";
/** The Airflow 2 line's newest release in the catalog, run beside the default (Airflow 3). */
const LEGACY_VERSION = "2.11.0";

type DeploymentView = cli.InspectedDeployment;
/** A call of an Airflow runtime's REST API (v2 on Airflow 3, v1 on Airflow 2), authenticated. */
type AirflowApi = (pathname: string, init?: RequestInit) => Promise<Response>;

/** The process ids a local runtime recorded in its pids folder. */
function recordedPids(runtimeDir: string): number[] {
  const dir = path.join(runtimeDir, "pids");
  return readdirSync(dir).map(
    (name) => (JSON.parse(readFileSync(path.join(dir, name), "utf8")) as { pid: number }).pid,
  );
}

/** What a run of DAG_ID runs: one task on the `default` queue and three on `second`. */
const TWO_QUEUE_TASKS = [
  { task_id: "on_default", queue: "default", state: "success" },
  ...[0, 1, 2].map((part) => ({ task_id: `on_second_${part}`, queue: "second", state: "success" })),
];

/**
 * Waits for the runtime to parse DAG_ID, unpauses and triggers it (with `trigger` as the run's
 * body) and waits for the run to end: its state, how long it ran, and its task instances.
 */
async function runTwoQueueDag(
  api: AirflowApi,
  trigger: object,
  wait: { parsedBy: string; run: string; intervalMs: number; onPoll?: () => void },
) {
  await waitFor(async () => ((await api(`/dags/${DAG_ID}`)).ok ? true : undefined), {
    timeoutMs: 3 * 60_000,
    intervalMs: 2_000,
    what: `${wait.parsedBy} to parse the deployed DAG`,
  });
  expect(
    (await api(`/dags/${DAG_ID}`, { method: "PATCH", body: JSON.stringify({ is_paused: false }) })).ok,
  ).toBe(true);
  const triggered = await api(`/dags/${DAG_ID}/dagRuns`, { method: "POST", body: JSON.stringify(trigger) });
  expect(triggered.ok).toBe(true);
  const { dag_run_id: runId } = (await triggered.json()) as { dag_run_id: string };
  const run = `/dags/${DAG_ID}/dagRuns/${encodeURIComponent(runId)}`;
  const ranFrom = Date.now();
  const state = await waitFor(
    async () => {
      wait.onPoll?.();
      const { state } = (await (await api(run)).json()) as { state: string };
      return state === "success" || state === "failed" ? state : undefined;
    },
    { timeoutMs: 8 * 60_000, intervalMs: wait.intervalMs, what: `${wait.run} to finish` },
  );
  const ranMs = Date.now() - ranFrom;
  const { task_instances } = (await (await api(`${run}/taskInstances`)).json()) as {
    task_instances: { task_id: string; queue: string; state: string }[];
  };
  const tasks = task_instances
    .map(({ task_id, queue, state }) => ({ task_id, queue, state }))
    .sort((a, b) => a.task_id.localeCompare(b.task_id));
  return { state, ranMs, tasks };
}

describe.runIf(hasToolchain(AIRFLOW_PYTHON))(
  `a local runtime (Apache Airflow ${DEFAULT_RUNTIME_VERSION})`,
  () => {
    let stack: RunningStack | undefined;
    let stateDir = "";
    let stackEnv: NodeJS.ProcessEnv = {};
    let stackPort = 0;
    let configDir = "";
    const cleanup: string[] = [];
    let skyport: ReturnType<typeof cli.cliUser>;
    const expectSuccess = (result: cli.CliResult, what: string) => cli.expectSuccess(result, what, stack);
    const timings: Record<string, number> = {};

    const inspect = () => cli.inspectDeployment(skyport, "etl", stack);
    const untilHealthy = (what: string) =>
      waitFor(async () => ((await inspect()).status === "HEALTHY" ? true : undefined), {
        timeoutMs: 2 * 60_000,
        intervalMs: 2_000,
        what,
      });

    beforeAll(async () => {
      cli.buildCli();
      const { url } = await createTestDatabase();
      stateDir = await mkdtemp(path.join(tmpdir(), "skyport-e2e-local-"));
      cleanup.push(stateDir);
      await chmod(stateDir, 0o755);
      stackEnv = stackEnvironment(url, stateDir, {
        SKYPORT_RUNTIME: "local",
        // Health checks and restarts should be seen within the test's patience.
        DRIFT_SWEEP_INTERVAL_MS: "15000",
      });
      stackPort = await findFreePort();
      stack = await startStack(stackEnv, stackPort);
      configDir = await mkdtemp(path.join(tmpdir(), "skyport-e2e-local-cli-"));
      cleanup.push(configDir);
      skyport = cli.cliUser({ apiUrl: stack.baseUrl, configDir });
      await cli.signUpAdaWithWorkspace(skyport, PASSWORD, stack);
    });

    afterAll(async () => {
      await stack?.stop().catch(() => {});
      if (stateDir) killRecordedGroups(stateDir);
      for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
      if (Object.keys(timings).length > 0)
        process.stderr.write(`[local-runtime] timings ${JSON.stringify(timings)}\n`);
    });

    // Install, first start, a run, scaling, a crash, a restart of Skyport and deletion: several
    // minutes on two shared cores, longer than the e2e default.
    it(
      "runs a deployed DAG across two queues, restarts a killed scheduler, and deletes everything",
      async () => {
        const file = path.join(stateDir, "etl.json");
        await writeFile(
          file,
          JSON.stringify({
            name: "etl",
            spec: {
              executor: "CELERY",
              runtimeVersion: DEFAULT_RUNTIME_VERSION,
              workerQueues: [
                { name: "default", minWorkers: 1, maxWorkers: 2, workerConcurrency: 2 },
                // One task per worker: three tasks at once want three workers, capped at two.
                { name: "second", minWorkers: 1, maxWorkers: 2, workerConcurrency: 1 },
              ],
            },
          }),
        );
        const created = Date.now();
        expectSuccess(
          await skyport(["deployment", "create", "--deployment-file", file]),
          "deployment create",
        );

        // Installation shows in the status reason, then the processes come up.
        const reasons = new Set<string>();
        const healthy = await waitFor(
          async () => {
            const view = await inspect();
            if (view.statusReason) reasons.add(view.statusReason);
            const installing = view.statusReason?.startsWith("Installing Apache Airflow") ?? false;
            if (installing) timings.installStartedMs ??= Date.now() - created;
            if (!installing && timings.installStartedMs !== undefined)
              timings.installedMs ??= Date.now() - created;
            if (view.status === "FAILED") throw new Error(`deployment FAILED: ${view.statusReason}`);
            return view.status === "HEALTHY" ? view : undefined;
          },
          { timeoutMs: 15 * 60_000, intervalMs: 1_000, what: "the deployment to turn HEALTHY" },
        );
        timings.firstHealthyMs = Date.now() - created;
        const installReasons = [...reasons].filter((reason) =>
          reason.startsWith(`Installing Apache Airflow ${DEFAULT_RUNTIME_VERSION}`),
        );
        expect(installReasons.length).toBeGreaterThan(0);
        expect(healthy.statusReason).toMatch(/^Running locally: Airflow .* at http:\/\/127\.0\.0\.1:\d+\//);
        const port = Number(/127\.0\.0\.1:(\d+)/.exec(healthy.statusReason ?? "")?.[1]);
        const runtimeDir = path.join(stateDir, "runtimes", healthy.namespace);
        const admin = readFileSync(path.join(runtimeDir, "admin-password"), "utf8").trim();
        // The generated password is nowhere in the component logs.
        for (const log of readdirSync(path.join(runtimeDir, "logs"))) {
          expect(readFileSync(path.join(runtimeDir, "logs", log), "utf8")).not.toContain(admin);
        }

        // Deploy the DAG folder; the runtime's bundle sync installs it.
        expectSuccess(
          await skyport(["deploy", DAGS, "--deployment", "etl", "--skip-parse", "--wait"], {}, 10 * 60_000),
          "deploy",
        );

        const airflow = `http://127.0.0.1:${port}`;
        const tokenResponse = await fetch(`${airflow}/auth/token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "admin", password: admin }),
        });
        expect(tokenResponse.status).toBe(201);
        const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
        const api = (pathname: string, init: RequestInit = {}) =>
          fetch(`${airflow}/api/v2${pathname}`, {
            ...init,
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          });
        // A wrong password gets no token.
        const refused = await fetch(`${airflow}/auth/token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "admin", password: `${admin}x` }),
        });
        expect(refused.status).toBe(401);

        const secondWorker = path.join(runtimeDir, "pids", "worker-second-2.json");
        let scaledUp = false;
        const ran = await runTwoQueueDag(
          api,
          { logical_date: null },
          {
            parsedBy: "the DAG processor",
            run: "the DAG run",
            intervalMs: 1_000,
            onPoll: () => {
              scaledUp ||= existsSync(secondWorker);
            },
          },
        );
        timings.dagRunMs = ran.ranMs;
        expect(ran.state).toBe("success");
        expect(ran.tasks).toEqual(TWO_QUEUE_TASKS);
        // Three tasks on `second` at once: the autoscaler started its second worker (max 2), and
        // scales back to the minimum once the queue is empty.
        expect(scaledUp).toBe(true);
        await waitFor(async () => (existsSync(secondWorker) ? undefined : true), {
          timeoutMs: 3 * 60_000,
          intervalMs: 1_000,
          what: "the second queue to scale back to one worker",
        });

        // "Open Airflow" goes to the runtime's own UI.
        expect((await inspect()).airflowUrl).toBe(`http://127.0.0.1:${port}/`);
        // The scheduler's log through Skyport, with nothing of what Skyport gave the runtime in it.
        const logs = expectSuccess(
          await skyport(["deployment", "logs", "etl", "--component", "scheduler", "--lines", "50"]),
          "deployment logs",
        );
        expect(logs.stdout.trim().split("\n").length).toBeGreaterThan(1);
        expect(logs.stdout).not.toContain(admin);
        const secrets = JSON.parse(readFileSync(path.join(runtimeDir, "secrets.json"), "utf8")) as {
          fernetKey: string;
        };
        expect(logs.stdout).not.toContain(secrets.fernetKey);
        // Airflow's StatsD reached the worker's receiver: the scheduler heartbeat series is stored.
        await waitFor(
          async () => {
            const metrics = JSON.parse(
              expectSuccess(
                await skyport([
                  "deployment",
                  "metrics",
                  "etl",
                  "--series",
                  "scheduler_heartbeat",
                  "-o",
                  "json",
                ]),
                "deployment metrics",
              ).stdout,
            ) as { series: { key: string; points: { value: number }[] }[] };
            const heartbeat = metrics.series.find((series) => series.key === "scheduler_heartbeat");
            return heartbeat?.points.some((point) => point.value > 0) ? true : undefined;
          },
          { timeoutMs: 2 * 60_000, intervalMs: 5_000, what: "the scheduler heartbeat series to be stored" },
        );

        // kill -9 the scheduler: the supervisor starts a new one and the runtime is healthy again.
        const recordFile = path.join(runtimeDir, "pids", "scheduler.json");
        const before = JSON.parse(readFileSync(recordFile, "utf8")) as { pid: number };
        process.kill(before.pid, "SIGKILL");
        const after = await waitFor(
          async () => {
            const record = JSON.parse(readFileSync(recordFile, "utf8")) as { pid: number };
            return record.pid !== before.pid ? record : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 500, what: "the supervisor to restart the scheduler" },
        );
        expect(() => process.kill(after.pid, 0)).not.toThrow();
        await waitFor(
          async () => {
            const response = await fetch(`${airflow}/api/v2/monitor/health`).catch(() => undefined);
            const health = (await response?.json()) as { scheduler?: { status?: string } } | undefined;
            return health?.scheduler?.status === "healthy" ? true : undefined;
          },
          { timeoutMs: 3 * 60_000, intervalMs: 2_000, what: "the restarted scheduler's heartbeat" },
        );
        await untilHealthy("the deployment to be HEALTHY after the scheduler's restart");

        // Ctrl-C of `npm start` stops the runtime's processes; the next start brings it back.
        const running = recordedPids(runtimeDir);
        await stack?.stop();
        for (const pid of running) expect(() => process.kill(-pid, 0)).toThrow();
        expect(processesMatching(runtimeDir)).toEqual([]);
        const restarted = Date.now();
        stack = await startStack(stackEnv, stackPort);
        skyport = cli.cliUser({ apiUrl: stack.baseUrl, configDir });
        await waitFor(
          async () => {
            const response = await fetch(`${airflow}/api/v2/monitor/health`).catch(() => undefined);
            const health = (await response?.json().catch(() => undefined)) as
              | { scheduler?: { status?: string } }
              | undefined;
            return health?.scheduler?.status === "healthy" ? true : undefined;
          },
          {
            timeoutMs: 5 * 60_000,
            intervalMs: 2_000,
            what: "the runtime to come back after Skyport restarts",
          },
        );
        timings.healthyAfterRestartMs = Date.now() - restarted;
        // The drift sweep's next quiet check sees it healthy (the first may have caught it starting).
        await untilHealthy("the deployment to be HEALTHY again after the restart");

        // Delete: processes, files and the metadata database are gone.
        const pids = recordedPids(runtimeDir);
        expect(pids.length).toBeGreaterThanOrEqual(6);
        expectSuccess(
          await skyport(["deployment", "delete", "etl", "--yes", "--wait"], {}, 5 * 60_000),
          "delete",
        );
        expect(existsSync(runtimeDir)).toBe(false);
        for (const pid of pids) expect(() => process.kill(-pid, 0)).toThrow();
        expect(processesMatching(runtimeDir)).toEqual([]);
        const admin_ = new pg.Client({ connectionString: testPostgresServerUrl() });
        await admin_.connect();
        try {
          const database = metadataDatabaseName(healthy.namespace.replace(/^skyport-/, ""));
          const { rows } = await admin_.query("SELECT datname FROM pg_database WHERE datname = $1", [
            database,
          ]);
          expect(rows).toEqual([]);
        } finally {
          await admin_.end();
        }
      },
      30 * 60_000,
    );

    // Two deployments on different Airflow lines at once: Airflow 2 (webserver, no DAG
    // processor, FAB users, /api/v1) beside Airflow 3, each in its own cached environment,
    // on its own ports, broker prefix and metadata database.
    it(
      `runs Airflow ${LEGACY_VERSION} and ${DEFAULT_RUNTIME_VERSION} side by side, and a DAG on the Airflow 2 one`,
      async () => {
        const create = async (name: string, runtimeVersion: string) => {
          const file = path.join(stateDir, `${name}.json`);
          await writeFile(
            file,
            JSON.stringify({
              name,
              spec: {
                executor: "CELERY",
                runtimeVersion,
                workerQueues: [
                  { name: "default", minWorkers: 1, maxWorkers: 1, workerConcurrency: 2 },
                  { name: "second", minWorkers: 1, maxWorkers: 1, workerConcurrency: 3 },
                ],
              },
            }),
          );
          expectSuccess(await skyport(["deployment", "create", "--deployment-file", file]), `create ${name}`);
        };
        const view = (name: string) => cli.inspectDeployment(skyport, name, stack);
        const started = Date.now();
        await create("legacy", LEGACY_VERSION);
        await create("current", DEFAULT_RUNTIME_VERSION);
        const legacyReasons = new Set<string>();
        const [legacy, current] = await waitFor(
          async () => {
            const views = [await view("legacy"), await view("current")] as const;
            if (views[0].statusReason) legacyReasons.add(views[0].statusReason);
            for (const one of views)
              if (one.status === "FAILED") throw new Error(`deployment FAILED: ${one.statusReason}`);
            return views.every((one) => one.status === "HEALTHY") ? views : undefined;
          },
          { timeoutMs: 15 * 60_000, intervalMs: 2_000, what: "both deployments to turn HEALTHY" },
        );
        timings.sideBySideHealthyMs = Date.now() - started;
        expect(
          [...legacyReasons].some((reason) =>
            reason.startsWith(`Installing Apache Airflow ${LEGACY_VERSION}`),
          ),
        ).toBe(true);
        const portOf = (one: DeploymentView) =>
          Number(/127\.0\.0\.1:(\d+)/.exec(one.statusReason ?? "")?.[1]);
        const legacyUrl = `http://127.0.0.1:${portOf(legacy)}`;
        const currentUrl = `http://127.0.0.1:${portOf(current)}`;
        expect(legacyUrl).not.toBe(currentUrl);
        expect(legacy.namespace).not.toBe(current.namespace);
        // Each answers with its own version, at the same time.
        const legacyAdmin = readFileSync(
          path.join(stateDir, "runtimes", legacy.namespace, "admin-password"),
          "utf8",
        ).trim();
        const basic = `Basic ${Buffer.from(`admin:${legacyAdmin}`).toString("base64")}`;
        const v1 = (pathname: string, init: RequestInit = {}) =>
          fetch(`${legacyUrl}/api/v1${pathname}`, {
            ...init,
            headers: { authorization: basic, "content-type": "application/json" },
          });
        expect(((await (await v1("/version")).json()) as { version: string }).version).toBe(LEGACY_VERSION);
        expect(
          ((await (await fetch(`${currentUrl}/api/v2/version`)).json()) as { version: string }).version,
        ).toBe(DEFAULT_RUNTIME_VERSION);
        // The Airflow 2 REST API refuses a wrong password.
        const wrong = await fetch(`${legacyUrl}/api/v1/dags`, {
          headers: { authorization: `Basic ${Buffer.from(`admin:${legacyAdmin}x`).toString("base64")}` },
        });
        expect(wrong.status).toBe(401);

        // A DAG deployed to the Airflow 2 runtime runs on both of its queues.
        expectSuccess(
          await skyport(
            ["deploy", DAGS, "--deployment", "legacy", "--skip-parse", "--wait"],
            {},
            10 * 60_000,
          ),
          "deploy legacy",
        );
        const ran = await runTwoQueueDag(
          v1,
          {},
          { parsedBy: "the Airflow 2 scheduler", run: "the Airflow 2 DAG run", intervalMs: 2_000 },
        );
        timings.legacyDagRunMs = ran.ranMs;
        expect(ran.state).toBe("success");
        expect(ran.tasks).toEqual(TWO_QUEUE_TASKS);
        // The Airflow 3 runtime kept running beside it.
        expect((await view("current")).status).toBe("HEALTHY");

        for (const name of ["legacy", "current"]) {
          expectSuccess(
            await skyport(["deployment", "delete", name, "--yes", "--wait"], {}, 5 * 60_000),
            `delete ${name}`,
          );
        }
        for (const one of [legacy, current]) {
          expect(existsSync(path.join(stateDir, "runtimes", one.namespace))).toBe(false);
        }
      },
      30 * 60_000,
    );
  },
);

// Tuning recommendations against real Apache Airflow (issue 16's acceptance): a local runtime
// deliberately bottlenecked — core.parallelism 2 while its worker queue can run 8 tasks at once —
// runs a fan-out of 16 five-second tasks, three runs at once. Skyport's recompute (the worker
// job's function, run directly) reads the runtime's real StatsD metrics and runs and produces the
// parallelism recommendation; it is applied through the API (CLI --apply), the runtime restarts
// with it, and the same workload's measured queue wait (task start − run start, from Airflow's
// own task instances) and makespan drop. The simulator's prediction for the same workload is
// compared with what was measured (the calibration, printed and noted in docs/tuning.md).
// Skipped only without Python 3 (banner names the install command).

import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabaseClient, type PrismaClient } from "@skyport/db";
import { DEFAULT_RUNTIME_VERSION, deploymentSpec } from "@skyport/deployment-spec";
import { recomputeRecommendations } from "@skyport/domain";
import { findFreePort } from "@skyport/localstack";
import { createTestDatabase } from "@skyport/testing";
import { hasToolchain } from "@skyport/testing/toolchain";
import { percentile, simulate, workload } from "@skyport/tuning";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AIRFLOW_PYTHON } from "../src/airflow-example-dags.ts";
import * as cli from "../src/cli.ts";
import { killRecordedGroups, waitFor } from "../src/local-runtimes.ts";
import { type RunningStack, repoPath, stackEnvironment, startStack } from "../src/stack.ts";

const PASSWORD = "correct horse battery staple";
const DAGS = repoPath("e2e/airflow/tuning-dags");
const DAG_ID = "skyport_fanout";
const TASKS = 16;
const RUNS = 3;
const SPEC = {
  executor: "CELERY",
  runtimeVersion: DEFAULT_RUNTIME_VERSION,
  // One worker taking 8 tasks at once (no autoscaling noise on a shared machine)…
  workerQueues: [{ name: "default", minWorkers: 1, maxWorkers: 1, workerConcurrency: 8 }],
  // …behind an executor that lets only 2 run.
  airflowConfigOverrides: [{ section: "core", key: "parallelism", value: "2" }],
} as const;

interface Measured {
  waitP50: number;
  waitP90: number;
  makespan: number;
  durationP50: number;
}

const round = (value: number) => Math.round(value * 10) / 10;

describe.runIf(hasToolchain(AIRFLOW_PYTHON))(
  `tuning recommendations from a real Apache Airflow ${DEFAULT_RUNTIME_VERSION} local runtime`,
  () => {
    let stack: RunningStack | undefined;
    let stateDir = "";
    let db: PrismaClient | undefined;
    const cleanup: string[] = [];
    let skyport: ReturnType<typeof cli.cliUser>;
    const expectSuccess = (result: cli.CliResult, what: string) => cli.expectSuccess(result, what, stack);
    const report: Record<string, unknown> = {};

    const inspect = () => cli.inspectDeployment(skyport, "tuned", stack);
    const healthyAtLatest = () =>
      waitFor(
        async () => {
          const view = await inspect();
          if (view.status === "FAILED") throw new Error(`deployment FAILED: ${view.statusReason}`);
          return view.status === "HEALTHY" && view.observedGeneration === view.generation ? view : undefined;
        },
        { timeoutMs: 15 * 60_000, intervalMs: 2_000, what: "the deployment to be HEALTHY at its generation" },
      );

    beforeAll(async () => {
      cli.buildCli();
      const { url } = await createTestDatabase();
      db = createDatabaseClient(url, { maxConnections: 2 });
      stateDir = await mkdtemp(path.join(tmpdir(), "skyport-e2e-tuning-"));
      cleanup.push(stateDir);
      const port = await findFreePort();
      stack = await startStack(
        stackEnvironment(url, stateDir, { SKYPORT_RUNTIME: "local", DRIFT_SWEEP_INTERVAL_MS: "15000" }),
        port,
        // The first start builds the web app: slow on a machine shared with other builds.
        25 * 60_000,
      );
      const configDir = await mkdtemp(path.join(tmpdir(), "skyport-e2e-tuning-cli-"));
      cleanup.push(configDir);
      skyport = cli.cliUser({ apiUrl: stack.baseUrl, configDir });
      await cli.signUpAdaWithWorkspace(skyport, PASSWORD, stack);
    }, 30 * 60_000);

    afterAll(async () => {
      await stack?.stop().catch(() => {});
      if (stateDir) killRecordedGroups(stateDir);
      await db?.$disconnect();
      for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
      process.stderr.write(`[tuning-airflow] ${JSON.stringify(report)}\n`);
    });

    it(
      "recommends raising parallelism from the real metrics, and applying it cuts the measured queue wait",
      async () => {
        const file = path.join(stateDir, "tuned.json");
        await writeFile(file, JSON.stringify({ name: "tuned", spec: SPEC }));
        expectSuccess(
          await skyport(["deployment", "create", "--deployment-file", file]),
          "deployment create",
        );
        const healthy = await healthyAtLatest();
        expectSuccess(
          await skyport(["deploy", DAGS, "--deployment", "tuned", "--skip-parse", "--wait"], {}, 10 * 60_000),
          "deploy",
        );
        const uiPort = Number(/127\.0\.0\.1:(\d+)/.exec(healthy.statusReason ?? "")?.[1]);
        const airflow = `http://127.0.0.1:${uiPort}`;
        const admin = readFileSync(
          path.join(stateDir, "runtimes", healthy.namespace, "admin-password"),
          "utf8",
        ).trim();
        // A fresh token per call: the runtime restarts when the recommendation is applied.
        const api = async (pathname: string, init: RequestInit = {}) => {
          const response = await fetch(`${airflow}/auth/token`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ username: "admin", password: admin }),
          });
          const { access_token: token } = (await response.json()) as { access_token: string };
          return fetch(`${airflow}/api/v2${pathname}`, {
            ...init,
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          });
        };
        const dagReady = () =>
          waitFor(
            async () => {
              const response = await api(`/dags/${DAG_ID}`).catch(() => undefined);
              return response?.ok ? true : undefined;
            },
            { timeoutMs: 5 * 60_000, intervalMs: 2_000, what: "the DAG to be parsed and served" },
          );
        await dagReady();
        expect(
          (await api(`/dags/${DAG_ID}`, { method: "PATCH", body: JSON.stringify({ is_paused: false }) })).ok,
        ).toBe(true);

        /** Triggers RUNS runs at once and measures, from Airflow's own task instances, how long
         * each task waited from its run's start to its own, and the whole batch's makespan. */
        const runWorkload = async (label: string): Promise<Measured> => {
          const runIds: string[] = [];
          for (let i = 0; i < RUNS; i++) {
            const triggered = await api(`/dags/${DAG_ID}/dagRuns`, {
              method: "POST",
              body: JSON.stringify({ logical_date: null }),
            });
            expect(triggered.ok, await triggered.clone().text()).toBe(true);
            runIds.push(((await triggered.json()) as { dag_run_id: string }).dag_run_id);
          }
          const runs = await waitFor(
            async () => {
              const all = await Promise.all(
                runIds.map(
                  async (runId) =>
                    (await (await api(`/dags/${DAG_ID}/dagRuns/${encodeURIComponent(runId)}`)).json()) as {
                      dag_run_id: string;
                      state: string;
                      start_date: string;
                      end_date: string;
                    },
                ),
              );
              return all.every((run) => run.state === "success" || run.state === "failed") ? all : undefined;
            },
            { timeoutMs: 20 * 60_000, intervalMs: 3_000, what: `the ${label} runs to finish` },
          );
          expect(runs.map((run) => run.state)).toEqual(runIds.map(() => "success"));
          const waits: number[] = [];
          const durations: number[] = [];
          let first = Number.POSITIVE_INFINITY;
          let last = 0;
          for (const run of runs) {
            const runStart = Date.parse(run.start_date);
            first = Math.min(first, runStart);
            const { task_instances: tasks } = (await (
              await api(`/dags/${DAG_ID}/dagRuns/${encodeURIComponent(run.dag_run_id)}/taskInstances`)
            ).json()) as { task_instances: { start_date: string; end_date: string; state: string }[] };
            expect(tasks.map((task) => task.state)).toEqual(tasks.map(() => "success"));
            expect(tasks).toHaveLength(TASKS);
            for (const task of tasks) {
              waits.push((Date.parse(task.start_date) - runStart) / 1000);
              durations.push((Date.parse(task.end_date) - Date.parse(task.start_date)) / 1000);
              last = Math.max(last, Date.parse(task.end_date));
            }
          }
          const measured = {
            waitP50: round(percentile(waits, 0.5)),
            waitP90: round(percentile(waits, 0.9)),
            makespan: round((last - first) / 1000),
            durationP50: round(percentile(durations, 0.5)),
          };
          report[label] = measured;
          process.stderr.write(`[tuning-airflow] ${label}: ${JSON.stringify(measured)}\n`);
          return measured;
        };

        const before = await runWorkload("before (parallelism 2)");

        // The runtime's StatsD has reached Skyport's store past the end of the runs.
        const deploymentId = healthy.id;
        const workloadEnd = Date.now();
        await waitFor(
          async () => {
            const bucket = await db?.metricBucket.findFirst({
              where: {
                series: { deploymentId, series: "executor_open_slots" },
                bucketStart: { gte: new Date(workloadEnd - 60_000) },
              },
            });
            return bucket ? true : undefined;
          },
          { timeoutMs: 5 * 60_000, intervalMs: 5_000, what: "the runtime's metrics to be stored" },
        );
        report.storedRuns = await db?.dagRun.count({ where: { deploymentId } });
        report.storedTries = await db?.taskInstanceTry.count({ where: { deploymentId } });

        // The scheduled job's recompute, on this deployment, judging minutes of data (a rule's
        // own window is 30 minutes; its thresholds are unchanged). The window runs from the
        // runtime's first reported minute, 4-5 minutes on a fast machine, so at least 2 are asked.
        const result = await recomputeRecommendations(db as PrismaClient, deploymentId, new Date(), {
          shortestWindowSeconds: 120,
        });
        report.recompute = result;
        const { items: listed } = JSON.parse(
          expectSuccess(
            await skyport(["deployment", "recommendations", "tuned", "--state", "OPEN", "-o", "json"]),
            "recommendations",
          ).stdout,
        ) as {
          items: {
            id: string;
            ruleId: string;
            diff: string[];
            evidence: { series: string; observed: number }[];
            prediction: { metric: string; before: number; after: number; horizonSeconds: number };
          }[];
        };
        report.recommendations = listed.map((r) => ({
          ruleId: r.ruleId,
          diff: r.diff,
          prediction: r.prediction,
        }));
        const recommendation = listed.find((r) => r.ruleId === "parallelism-below-worker-capacity");
        expect(recommendation, JSON.stringify(listed)).toBeDefined();
        if (!recommendation) return;
        expect(recommendation.diff).toEqual([
          "- airflowConfigOverrides core.parallelism: 2",
          "+ airflowConfigOverrides core.parallelism: 8",
        ]);
        expect(recommendation.evidence[0]?.series).toBe("executor_open_slots");
        expect(recommendation.evidence[0]?.observed).toBeGreaterThanOrEqual(0.25);

        // One click: through the API, an ordinary deployment update; the runtime restarts with it.
        expectSuccess(
          await skyport(["deployment", "recommendations", "tuned", "--apply", recommendation.id, "--yes"]),
          "apply",
        );
        const applied = await healthyAtLatest();
        expect(applied.generation).toBe(healthy.generation + 1);
        await dagReady();

        const after = await runWorkload("after (parallelism 8)");
        expect(after.waitP90).toBeLessThan(before.waitP90);
        expect(after.waitP50).toBeLessThan(before.waitP50);
        expect(after.makespan).toBeLessThan(before.makespan);

        // Calibration: the simulator on the workload that actually ran (RUNS fan-outs at once,
        // each task its measured median duration), before and after, against the measurements.
        const ran = workload({
          dags: Array.from({ length: RUNS }, (_, i) => ({
            id: `fanout_${i}`,
            scheduleSeconds: 86_400,
            tasks: Array.from({ length: TASKS }, (_, t) => ({
              id: `nap_${t}`,
              durationSeconds: before.durationP50,
            })),
          })),
        });
        const simulated = (
          overrides: { section: string; key: string; value: string }[],
          measured: Measured,
          taskOverheadSeconds: number,
        ) => {
          const outcome = simulate(
            deploymentSpec({ ...SPEC, name: "tuned", airflowConfigOverrides: overrides }),
            ran,
            { horizonSeconds: 3600, seed: 1, taskOverheadSeconds },
          );
          const ends = outcome.tasks.map((task) => task.endedAt ?? 0);
          const sim = {
            waitP50: round(outcome.queueWaitP50),
            waitP90: round(outcome.queueWaitP90),
            makespan: round(Math.max(...ends)),
          };
          return {
            simulated: sim,
            ratio: {
              waitP50: round(sim.waitP50 / Math.max(0.1, measured.waitP50)),
              waitP90: round(sim.waitP90 / Math.max(0.1, measured.waitP90)),
              makespan: round(sim.makespan / Math.max(0.1, measured.makespan)),
            },
          };
        };
        // The simulator as shipped (no per-task overhead), then with the overhead fitted to the
        // BEFORE run alone (each of the 2 slots ran TASKS × RUNS / 2 tasks back to back), which
        // predicts the AFTER run out of sample.
        const overhead = round(Math.max(0, (before.makespan * 2) / (TASKS * RUNS) - before.durationP50));
        const parallelism8 = [{ section: "core", key: "parallelism", value: "8" }];
        report.calibration = {
          shipped: {
            before: simulated([...SPEC.airflowConfigOverrides], before, 0),
            after: simulated(parallelism8, after, 0),
          },
          fittedTaskOverheadSeconds: overhead,
          fitted: {
            before: simulated([...SPEC.airflowConfigOverrides], before, overhead),
            after: simulated(parallelism8, after, overhead),
          },
          measuredP90Cut: round(1 - after.waitP90 / before.waitP90),
          enginePredictedP90Cut: round(
            1 - recommendation.prediction.after / recommendation.prediction.before,
          ),
        };
        process.stderr.write(`[tuning-airflow] calibration ${JSON.stringify(report.calibration)}\n`);
      },
      60 * 60_000,
    );
  },
);

// Real Apache Airflow reporting to a running Skyport: `npm start`, a deployment and its ingest
// token from the CLI, then the example DAGs run with `airflow dags test` and the OpenLineage
// provider posting to Skyport's ingest endpoint. What the user then sees through the CLI — runs,
// their states, each task try — must be what Airflow executed: a success, a task that fails once
// and succeeds on retry, tasks skipped two ways, and a failure with its error.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@skyport/localstack";
import { createTestDatabase } from "@skyport/testing";
import { hasToolchain } from "@skyport/testing/toolchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AIRFLOW_VERSION, ensureAirflow } from "../../scripts/airflow/airflow.ts";
import {
  AIRFLOW_PYTHON,
  type ExampleDagId,
  type ExampleDagRun,
  runExampleDags,
} from "../src/airflow-example-dags.ts";
import {
  buildCli,
  type CliResult,
  cliUser,
  signUpAdaWithWorkspace,
  expectSuccess as succeeded,
} from "../src/cli.ts";
import type { LineageTarget } from "../src/lineage-receiver.ts";
import { type RunningStack, stackEnvironment, startStack } from "../src/stack.ts";

const PASSWORD = "correct horse battery staple";

interface RunRow {
  id: string;
  dagId: string;
  state: string;
  taskCount: number;
  failedTaskCount: number;
  durationMs: number | null;
}
interface TaskTry {
  taskId: string;
  tryNumber: number | null;
  state: string;
  source: "events" | "dag-state";
  errorMessage: string | null;
}

describe.runIf(hasToolchain(AIRFLOW_PYTHON))(
  `Apache Airflow ${AIRFLOW_VERSION} reporting to a running Skyport`,
  () => {
    let stack: RunningStack;
    const cleanup: string[] = [];
    let skyport: ReturnType<typeof cliUser>;
    const executed = new Map<ExampleDagId, ExampleDagRun>();
    const reported = new Map<string, RunRow>();

    const tempDir = async (prefix: string) => {
      const dir = await mkdtemp(path.join(tmpdir(), prefix));
      cleanup.push(dir);
      return dir;
    };
    const expectSuccess = (result: CliResult, what: string) => succeeded(result, what, stack);

    beforeAll(async () => {
      const airflow = await ensureAirflow();
      buildCli();
      const { url } = await createTestDatabase();
      const stateDir = await tempDir("skyport-e2e-lineage-");
      await chmod(stateDir, 0o755);
      stack = await startStack(stackEnvironment(url, stateDir), await findFreePort());

      skyport = cliUser({ apiUrl: stack.baseUrl, configDir: await tempDir("skyport-e2e-lineage-cli-") });
      await signUpAdaWithWorkspace(skyport, PASSWORD, stack);
      expectSuccess(await skyport(["deployment", "create", "etl"]), "deployment create");
      const rotated = expectSuccess(
        await skyport(["deployment", "ingest-token", "rotate", "etl", "-o", "json"]),
        "ingest-token rotate",
      );
      const { token } = JSON.parse(rotated.stdout) as { token: string };

      // Skyport's own ingest endpoint is the target: what the provider sends is what Skyport keeps.
      const target: LineageTarget = {
        url: `${stack.baseUrl}/`,
        endpoint: "api/v1/lineage",
        apiKey: token,
        received: async () => [],
        close: async () => {},
      };
      for (const run of await runExampleDags(airflow, target, {
        namespace: "skyport-e2e",
        log: (line) => process.stderr.write(`[airflow dags test] ${line}\n`),
      })) {
        executed.set(run.dagId, run);
      }

      // Derivation is asynchronous (a worker job): wait until every DAG's run has settled.
      for (let attempt = 0; attempt < 120; attempt++) {
        const listed = expectSuccess(
          await skyport(["deployment", "runs", "etl", "-o", "json"]),
          "deployment runs",
        );
        const rows = JSON.parse(listed.stdout) as RunRow[];
        const settled = rows.filter((row) => row.state !== "RUNNING" && row.state !== "UNKNOWN");
        if (settled.length >= 4) {
          for (const row of settled) reported.set(row.dagId, row);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }, 900_000);

    afterAll(async () => {
      await stack?.stop("SIGINT");
      for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
    });

    async function tries(dagId: ExampleDagId): Promise<TaskTry[]> {
      const row = reported.get(dagId);
      if (!row)
        throw new Error(
          `Skyport shows no settled run of ${dagId}; it shows ${[...reported.keys()].join(", ")}`,
        );
      const shown = expectSuccess(
        await skyport(["deployment", "run", "etl", row.id, "-o", "json"]),
        "deployment run",
      );
      const tasks = (JSON.parse(shown.stdout) as { tasks: TaskTry[] }).tasks;
      return tasks
        .map((task) => ({ ...task, taskId: task.taskId.replace(`${dagId}.`, "") }))
        .sort((a, b) => a.taskId.localeCompare(b.taskId) || (a.tryNumber ?? 0) - (b.tryNumber ?? 0));
    }

    const summary = (list: TaskTry[]) =>
      list.map((task) => `${task.taskId}#${task.tryNumber ?? "-"} ${task.state}`);

    it("lists one run per DAG Airflow executed, each in the state Airflow ended it in", () => {
      expect([...executed.keys()].sort()).toEqual([
        "skyport_fail",
        "skyport_retry",
        "skyport_skip",
        "skyport_success",
      ]);
      expect(Object.fromEntries([...reported].map(([dagId, row]) => [dagId, row.state]))).toEqual({
        skyport_success: "SUCCESS",
        skyport_retry: "SUCCESS",
        skyport_skip: "SUCCESS",
        skyport_fail: "FAILED",
      });
      for (const row of reported.values()) expect(row.durationMs).toBeGreaterThan(0);
    });

    it("a successful run: every task succeeded once", async () => {
      expect(summary(await tries("skyport_success"))).toEqual([
        "extract#1 SUCCESS",
        "load.orders#1 SUCCESS",
        "transform#1 SUCCESS",
      ]);
    });

    it("a retried task: try 1 failed, try 2 succeeded", async () => {
      expect(summary(await tries("skyport_retry"))).toEqual(["flaky#1 FAILED", "flaky#2 SUCCESS"]);
    });

    it("skipped tasks: one the scheduler skipped (known from the DAG's final state), one that skipped itself", async () => {
      const list = await tries("skyport_skip");
      const gated = list.find((task) => task.taskId === "gated");
      expect(gated).toMatchObject({ state: "SKIPPED", source: "dag-state" });
      expect(list.find((task) => task.taskId === "self_skip")).toMatchObject({ state: "SKIPPED" });
    });

    it("a failed run: the failing task and its error message", async () => {
      const list = await tries("skyport_fail");
      expect(list.find((task) => task.taskId === "prepare")).toMatchObject({ state: "SUCCESS" });
      const broken = list.find((task) => task.taskId === "broken");
      expect(broken).toMatchObject({ state: "FAILED" });
      expect(broken?.errorMessage).toContain("orders table is missing column 'amount'");
      expect(reported.get("skyport_fail")?.failedTaskCount).toBe(1);
    });
  },
);

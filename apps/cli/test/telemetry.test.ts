// `skyport deployment ingest-token rotate` and `skyport deployment runs` against the real REST
// API: the rotated token is shown once and is what the ingest endpoint accepts; the runs it
// reported are listed, filtered by DAG and state.
import { randomUUID } from "node:crypto";
import { deriveDeploymentLineage } from "@skyport/domain";
import { MetricsDownsampler, MetricsStore } from "@skyport/metrics";
import { describe, expect, it } from "vitest";
import { apiServerForThisFile } from "./support/api-server.ts";
import { CliUser, words } from "./support/cli.ts";

const server = await apiServerForThisFile();
const db = server.services.db;
const ada = await CliUser.signedUp(server, "Ada", { workspace: "Analytics" });

const created = await ada.run(["deployment", "create", "etl", "-o", "json"]);
const deployment = created.json() as { id: string };

async function report(token: string, dagId: string, type: "COMPLETE" | "FAIL") {
  const runId = randomUUID();
  const base = {
    producer: "https://github.com/apache/airflow/tree/providers-openlineage/2.10.0",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    run: { runId },
    job: { namespace: "default", name: dagId },
  };
  const answer = await fetch(`${server.url}/api/v1/lineage/batch`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify([
      { ...base, eventType: "START", eventTime: new Date(Date.now() - 60_000).toISOString() },
      { ...base, eventType: type, eventTime: new Date().toISOString() },
    ]),
  });
  expect(answer.status).toBe(200);
}

describe("deployment ingest-token rotate", () => {
  it("prints a new token once, which the ingest endpoint accepts; the previous one stops working", async () => {
    const first = await ada.run(["deployment", "ingest-token", "rotate", "etl", "-o", "json"]);
    expect(first.code).toBe(0);
    const { token } = first.json() as { token: string };
    expect(token).toMatch(/^skl_[A-Za-z0-9_-]{43}$/);
    expect(first.stderr).toContain("cannot show it again");
    await report(token, "nightly", "COMPLETE");

    const second = await ada.run(["deployment", "ingest-token", "rotate", deployment.id, "-o", "json"]);
    const { token: newer } = second.json() as { token: string };
    expect(newer).not.toBe(token);
    const refused = await fetch(`${server.url}/api/v1/lineage`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(refused.status).toBe(401);
  });
});

describe("deployment runs", () => {
  it("lists the runs the runtime reported, filtered by DAG and state", async () => {
    const rotated = await ada.run(["deployment", "ingest-token", "rotate", "etl", "-o", "json"]);
    const { token } = rotated.json() as { token: string };
    await report(token, "hourly", "FAIL");
    await report(token, "hourly", "COMPLETE");
    await deriveDeploymentLineage(db, deployment.id, { settleMs: 0 });

    const all = await ada.run(["deployment", "runs", "etl", "-o", "json"]);
    expect(all.code).toBe(0);
    expect((all.json() as Array<{ dagId: string }>).map((r) => r.dagId).sort()).toEqual([
      "hourly",
      "hourly",
      "nightly",
    ]);

    const failed = await ada.run(words("deployment runs etl --dag hourly --state FAILED -o json"));
    expect(
      (failed.json() as Array<{ dagId: string; state: string; durationMs: number }>).map((r) => [
        r.dagId,
        r.state,
      ]),
    ).toEqual([["hourly", "FAILED"]]);

    const table = await ada.run(["deployment", "runs", "etl", "--state", "SUCCESS"]);
    expect(table.stdout).toContain("nightly");
    expect(table.stdout).not.toContain("FAILED");
  });

  it("refuses an unknown state with exit code 2", async () => {
    const result = await ada.run(["deployment", "runs", "etl", "--state", "DONE"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--state");
  });
});

describe("deployment run", () => {
  it("shows one run's task tries, with the run's state and error on stderr", async () => {
    const rotated = await ada.run(["deployment", "ingest-token", "rotate", "etl", "-o", "json"]);
    const { token } = rotated.json() as { token: string };
    await report(token, "weekly", "FAIL");
    await deriveDeploymentLineage(db, deployment.id, { settleMs: 0 });
    const runs = (
      await ada.run(["deployment", "runs", "etl", "--dag", "weekly", "-o", "json"])
    ).json() as Array<{
      id: string;
    }>;
    expect(runs).toHaveLength(1);
    const [run] = runs;

    const json = await ada.run(["deployment", "run", "etl", run?.id ?? "", "-o", "json"]);
    expect(json.code).toBe(0);
    expect(json.json()).toMatchObject({ id: run?.id, dagId: "weekly", state: "FAILED", tasks: [] });

    const table = await ada.run(["deployment", "run", "etl", run?.id ?? ""]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("TASK");
    expect(table.stderr).toContain("weekly");
    expect(table.stderr).toContain("FAILED");
  });

  it("says which run it could not find", async () => {
    const result = await ada.run(["deployment", "run", "etl", "c000000000000000000000000"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.toLowerCase()).toContain("not found");
  });
});

describe("deployment metrics", () => {
  it("shows each series' latest, min and max over --since; JSON carries every point", async () => {
    const downsampler = new MetricsDownsampler();
    const now = Date.now();
    downsampler.add(
      deployment.id,
      [7, 3, 5].map((value, i) => ({
        series: "executor_queued_tasks",
        kind: "gauge" as const,
        labels: { executor_class_name: "CeleryExecutor" },
        value,
        count: 1,
        at: new Date(now - (3 - i) * 60_000),
      })),
    );
    await new MetricsStore(db).write(downsampler.drain());

    const table = await ada.run(words("deployment metrics etl --series executor_queued_tasks --since 1h"));
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /executor_queued_tasks\s+executor_class_name=CeleryExecutor\s+5\s+3\s+7\s+3/,
    );

    const json = await ada.run(words("deployment metrics etl --series executor_queued_tasks -o json"));
    const metrics = json.json() as {
      stepSeconds: number;
      series: Array<{ points: Array<{ value: number }> }>;
    };
    expect(metrics.stepSeconds).toBe(60);
    expect(metrics.series[0]?.points.map((p) => p.value)).toEqual([7, 3, 5]);

    const none = await ada.run(["deployment", "metrics", "etl", "--series", "workers"]);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain("no metrics in this range yet");
  });

  it("exits 2 naming an unknown series or a bad --since", async () => {
    const unknown = await ada.run(["deployment", "metrics", "etl", "--series", "cpu_usage"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("series: `cpu_usage` is not a known series");
    const since = await ada.run(["deployment", "metrics", "etl", "--since", "yesterday"]);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain("must be a duration like 90s, 10m, 1h or 2d");
  });
});

describe("deployment overview, dag and run --lineage, organization failing-dags", () => {
  it("say how telemetry arrives before the first event", async () => {
    await ada.run(["deployment", "create", "quiet", "-o", "json"]);
    const overview = await ada.run(["deployment", "overview", "quiet"]);
    expect(overview.code).toBe(0);
    expect(overview.stderr).toContain("no telemetry yet");
  });

  it("show the runs the runtime reported: durations per DAG, a DAG's tasks, failing DAGs", async () => {
    const rotated = await ada.run(["deployment", "ingest-token", "rotate", "etl", "-o", "json"]);
    const { token } = rotated.json() as { token: string };
    await report(token, "monthly", "FAIL");
    await deriveDeploymentLineage(db, deployment.id, { settleMs: 0 });

    const json = await ada.run(["deployment", "overview", "etl", "--range", "6h", "-o", "json"]);
    expect(json.code).toBe(0);
    const { runs } = json.json() as {
      runs: { range: string; buckets: unknown[]; durations: Array<{ dagId: string; p50Ms: number }> };
    };
    expect(runs.range).toBe("6h");
    expect(runs.buckets).toHaveLength(24);
    // Each reported run took the minute between its START and its end.
    expect(runs.durations.find((d) => d.dagId === "monthly")?.p50Ms).toBe(60_000);
    const table = await ada.run(["deployment", "overview", "etl"]);
    expect(table.stdout).toMatch(/monthly\s+1\s+1m00s\s+1m00s/);
    expect(table.stderr).toContain("failing: monthly");

    const dag = await ada.run(["deployment", "dag", "etl", "monthly", "--window", "1d", "-o", "json"]);
    expect(dag.code).toBe(0);
    expect(dag.json()).toMatchObject({ dagId: "monthly", window: "1d", runsByState: { FAILED: 1 } });

    const [run] = (
      await ada.run(["deployment", "runs", "etl", "--dag", "monthly", "-o", "json"])
    ).json() as Array<{ id: string }>;
    const lineage = await ada.run(["deployment", "run", "etl", run?.id ?? "", "--lineage", "-o", "json"]);
    expect(lineage.code).toBe(0);
    expect(lineage.json()).toEqual({ operators: [], inputs: [], outputs: [] });

    const failing = await ada.run(["organization", "failing-dags", "-o", "json"]);
    expect(failing.code).toBe(0);
    expect((failing.json() as Array<{ dagId: string }>).map((d) => d.dagId)).toContain("monthly");
  });

  it("exit 2 naming a bad --range and a DAG the deployment never ran with not found", async () => {
    const range = await ada.run(["deployment", "overview", "etl", "--range", "1y"]);
    expect(range.code).toBe(2);
    expect(range.stderr).toContain("--range");
    const missing = await ada.run(["deployment", "dag", "etl", "no_such_dag"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.toLowerCase()).toContain("not found");
  });
});

// @vitest-environment happy-dom
// The telemetry pages' pieces: the runs table links each run and DAG and says how many tasks
// failed, task tries show operator and queue, failed tries their error and stack trace, the
// timeline places each try on the run's clock, and the overview's summary links counts to the
// filtered runs list.
import type { DagRunView, RunsOverview, TaskTryView, TelemetrySummary } from "@skyport/domain";
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { IngestTokenCard } from "@/components/telemetry/ingest-token-card.tsx";
import { runFiltersToQuery, runListInput } from "@/components/telemetry/run-filters.ts";
import { formatDuration } from "@/components/telemetry/run-format.ts";
import { RunsOverviewPanel } from "@/components/telemetry/runs-overview-panel.tsx";
import { RunsTable } from "@/components/telemetry/runs-table.tsx";
import { TaskErrors } from "@/components/telemetry/task-errors.tsx";
import { TaskTriesTable } from "@/components/telemetry/task-tries-table.tsx";
import { TelemetrySummaryPanel } from "@/components/telemetry/telemetry-summary.tsx";
import { timelineBars } from "@/components/telemetry/timeline.ts";
import { renderInConsole } from "./support/render.tsx";

afterEach(cleanup);

const T0 = new Date("2026-12-05T16:39:08Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** The failed run of the recorded skyport_fail DAG, as the run model holds it. */
const FAILED_RUN: DagRunView = {
  id: "run1",
  deploymentId: "d1",
  runId: "019b7c01-0400-78e8-b33a-3b7087b065ae",
  dagId: "skyport_fail",
  airflowRunId: "manual__2026-12-05T16:39:05+00:00",
  logicalDate: new Date("2026-01-02T00:00:00Z"),
  runType: "manual",
  state: "FAILED",
  startedAt: T0,
  endedAt: at(8),
  durationMs: 7_724,
  errorMessage: "task_failure",
  lastEventTime: at(8),
  taskCount: 2,
  failedTaskCount: 1,
};
const run = (overrides: Partial<DagRunView> = {}): DagRunView => ({ ...FAILED_RUN, ...overrides });

function task(overrides: Partial<TaskTryView> = {}): TaskTryView {
  return {
    id: "t1",
    runId: "r1",
    taskId: "prepare",
    tryNumber: 1,
    mapIndex: null,
    state: "SUCCESS",
    source: "events",
    startedAt: T0,
    endedAt: at(7),
    durationMs: 7_000,
    queue: "default",
    pool: "default_pool",
    errorMessage: null,
    stackTrace: null,
    ...overrides,
  };
}

describe("the runs table", () => {
  it("links each run to its page and its DAG, with state, duration, trigger and failed tasks", () => {
    render(<RunsTable organizationId="o1" deploymentId="d1" runs={[run()]} />);
    const row = screen.getAllByRole("row")[1] as HTMLElement;
    expect(within(row).getByRole("link", { name: "skyport_fail" }).getAttribute("href")).toBe(
      "/orgs/o1/deployments/d1/dags/skyport_fail",
    );
    expect(
      within(row)
        .getByRole("link", { name: /manual__2026-12-05/ })
        .getAttribute("href"),
    ).toBe("/orgs/o1/deployments/d1/runs/run1");
    expect(within(row).getByText("Failed")).toBeTruthy();
    expect(within(row).getByText("1 of 2 tasks failed")).toBeTruthy();
    expect(within(row).getByText("7.7 s")).toBeTruthy();
    expect(within(row).getByText("Manual")).toBeTruthy();
  });

  it("leaves the DAG column out on a DAG's own page", () => {
    render(<RunsTable organizationId="o1" deploymentId="d1" runs={[run()]} showDag={false} />);
    expect(screen.queryByRole("columnheader", { name: "DAG" })).toBeNull();
  });
});

describe("a run's task tries", () => {
  const broken = task({
    id: "t2",
    taskId: "broken",
    state: "FAILED",
    startedAt: at(7),
    endedAt: at(8),
    durationMs: 191,
    errorMessage: "orders table is missing column 'amount'",
    stackTrace: 'Traceback (most recent call last):\n  File "dag.py", line 9',
  });

  it("show operator, queue and pool where known", () => {
    render(<TaskTriesTable tasks={[task(), broken]} operators={new Map([["prepare", "BashOperator"]])} />);
    const [, prepare, failed] = screen.getAllByRole("row") as HTMLElement[];
    expect(within(prepare as HTMLElement).getByText("BashOperator")).toBeTruthy();
    expect(within(prepare as HTMLElement).getByText("default · default_pool")).toBeTruthy();
    expect(within(failed as HTMLElement).getByText("191 ms")).toBeTruthy();
  });

  it("show each failed try's error with its stack trace folded", () => {
    render(<TaskErrors tasks={[task(), broken]} />);
    expect(screen.getAllByRole("listitem")).toHaveLength(1);
    expect(screen.getByText("orders table is missing column 'amount'")).toBeTruthy();
    expect(screen.getByText("Stack trace").closest("details")?.open).toBe(false);
  });

  it("sit on the run's clock: offsets from the first start, a running try up to now, unstarted ones left out", () => {
    const bars = timelineBars(
      [
        task(),
        task({
          id: "t2",
          taskId: "load",
          state: "RUNNING",
          startedAt: at(10),
          endedAt: null,
          durationMs: null,
        }),
        task({
          id: "t3",
          taskId: "gated",
          state: "SKIPPED",
          source: "dag-state",
          startedAt: null,
          tryNumber: null,
        }),
      ],
      at(25),
    );
    expect(bars.map((bar) => [bar.label, bar.offsetMs, bar.durationMs])).toEqual([
      ["prepare #1", 0, 7_000],
      ["load #1", 10_000, 15_000],
    ]);
  });
});

describe("durations", () => {
  it("read as people say them", () => {
    expect([null, 734, 7_724, 61_000, 3_725_000, 100 * 3_600_000].map(formatDuration)).toEqual([
      "—",
      "734 ms",
      "7.7 s",
      "1 min 1 s",
      "1 h 2 min",
      "4 d 4 h",
    ]);
  });
});

describe("the runs list's filters", () => {
  it("keep only the filters set, in the URL and in the list input", () => {
    const filters = { dagId: "skyport_retry", state: "SUCCESS", from: "", to: "2026-12-05T17:00:59.999Z" };
    expect(runFiltersToQuery(filters)).toBe(
      "dagId=skyport_retry&state=SUCCESS&to=2026-12-05T17%3A00%3A59.999Z",
    );
    expect(runListInput("o1", "d1", filters)).toEqual({
      organizationId: "o1",
      deploymentId: "d1",
      dagId: "skyport_retry",
      state: "SUCCESS",
      to: "2026-12-05T17:00:59.999Z",
    });
  });
});

describe("the overview's telemetry summary", () => {
  const summary: TelemetrySummary = {
    lastEventReceivedAt: at(9),
    since: new Date("2026-12-04T17:00:00Z"),
    runsByState: { RUNNING: 0, SUCCESS: 3, FAILED: 1, ABORTED: 0, UNKNOWN: 0 },
    failingDags: [
      {
        deploymentId: "d1",
        dagId: "skyport_fail",
        dagRunId: "run1",
        airflowRunId: null,
        failedAt: at(8),
        errorMessage: "task_failure",
        failedTaskCount: 1,
      },
    ],
  };

  it("links each state's count to the runs it counts, and each failing DAG to its failed run", () => {
    render(<TelemetrySummaryPanel organizationId="o1" deploymentId="d1" summary={summary} />);
    expect(screen.getByText("2026-12-05 16:39:17 UTC")).toBeTruthy();
    const counts = within(screen.getByRole("list", { name: "Runs by state" })).getAllByRole("link");
    expect(counts.map((link) => [link.getAttribute("aria-label"), link.getAttribute("href")])).toEqual([
      ["3 success", "/orgs/o1/deployments/d1/runs?state=SUCCESS&from=2026-12-04T17%3A00%3A00.000Z"],
      ["1 failed", "/orgs/o1/deployments/d1/runs?state=FAILED&from=2026-12-04T17%3A00%3A00.000Z"],
    ]);
    expect(screen.getByRole("link", { name: "2026-12-05 16:39:16 UTC" }).getAttribute("href")).toBe(
      "/orgs/o1/deployments/d1/runs/run1",
    );
  });
});

describe("the ingest token card", () => {
  const ingestToken = {
    deploymentId: "d1",
    prefix: "skl_ab12cd34",
    createdAt: T0,
    rotatedAt: null,
    lastUsedAt: at(9),
  };

  it("shows the token's prefix and times, and the rotate action only to those who may rotate", () => {
    const props = {
      organizationId: "o1",
      deploymentId: "d1",
      ingestToken,
      endpoint: "http://x/api/v1/lineage",
    };
    renderInConsole(<IngestTokenCard {...props} canRotate={false} />);
    expect(screen.getByText("skl_ab12cd34…")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Rotate ingest token" })).toBeNull();
    cleanup();
    renderInConsole(<IngestTokenCard {...props} canRotate />);
    expect(screen.getByRole("button", { name: "Rotate ingest token" })).toBeTruthy();
  });
});

describe("the overview's runs over time", () => {
  const zero = { RUNNING: 0, SUCCESS: 0, FAILED: 0, ABORTED: 0, UNKNOWN: 0 };
  const quiet: RunsOverview = {
    range: "7d",
    from: new Date("2026-11-28T18:00:00Z"),
    to: new Date("2026-12-05T18:00:00Z"),
    bucketSeconds: 21_600,
    buckets: [{ at: new Date("2026-12-05T12:00:00Z"), runsByState: zero }],
    durations: [],
    failures: { failedRuns: 0, failedTaskTries: 0 },
  };

  it("offers each time range as a link, the shown one current, and says when nothing ran or finished", () => {
    render(<RunsOverviewPanel overview={quiet} basePath="/orgs/o/deployments/d" />);
    const ranges = within(screen.getByRole("navigation", { name: "Time range" })).getAllByRole("link");
    expect(ranges.map((link) => [link.textContent, link.getAttribute("href")])).toEqual([
      ["6h", "/orgs/o/deployments/d?range=6h"],
      ["24h", "/orgs/o/deployments/d?range=24h"],
      ["7d", "/orgs/o/deployments/d?range=7d"],
      ["30d", "/orgs/o/deployments/d?range=30d"],
    ]);
    expect(screen.getByRole("link", { current: "page" }).textContent).toBe("7d");
    expect(screen.getByText("No run was active in the last 7d.")).toBeTruthy();
    expect(screen.getByText("No run finished in the last 7d.")).toBeTruthy();
    expect(screen.getByText(/Failures: 0 failed runs, 0 failed task\s+tries/)).toBeTruthy();
    expect(screen.getByRole("link", { name: "Metrics tab" }).getAttribute("href")).toBe(
      "/orgs/o/deployments/d/metrics?range=7d",
    );
  });
});

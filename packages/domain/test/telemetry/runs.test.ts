// The runs read API: a deployment's DAG runs (filters, keyset pages, newest activity first)
// and one run with its task tries and data-quality results, for WORKSPACE_MEMBER and up.
import { randomUUID } from "node:crypto";
import {
  deriveDeploymentLineage,
  getDagRun,
  ingestLineageEvents,
  listDagRuns,
  NotFoundError,
  ValidationError,
} from "@skyport/domain";
import { worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";

const { db, world, as } = await worldOnTestDatabase();
const { organizationId, deploymentId } = world;

const PRODUCER = "https://example.com/producer";
const RUN_EVENT = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
const start = Date.parse("2026-12-01T00:00:00Z");
const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();

/** Five runs of `daily` (the 3rd failed) and two of `hourly`, each lasting 10 minutes. */
const events = [
  ...[0, 1, 2, 3, 4].flatMap((i) => {
    const runId = randomUUID();
    return [
      {
        eventType: "START",
        eventTime: at(i * 60),
        producer: PRODUCER,
        schemaURL: RUN_EVENT,
        run: { runId },
        job: { namespace: "default", name: "daily" },
      },
      {
        eventType: i === 2 ? "FAIL" : "COMPLETE",
        eventTime: at(i * 60 + 10),
        producer: PRODUCER,
        schemaURL: RUN_EVENT,
        run: { runId },
        job: { namespace: "default", name: "daily" },
      },
    ];
  }),
  ...[0, 1].flatMap((i) => {
    const runId = randomUUID();
    return [
      {
        eventType: "START",
        eventTime: at(i * 60 + 30),
        producer: PRODUCER,
        schemaURL: RUN_EVENT,
        run: { runId },
        job: { namespace: "default", name: "hourly" },
      },
    ];
  }),
];
await ingestLineageEvents(db, { organizationId, deploymentId }, events, {
  batch: true,
  now: new Date(start),
});
await deriveDeploymentLineage(db, deploymentId, { settleMs: 0 });

describe("listDagRuns", () => {
  it("pages newest activity first, without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listDagRuns>> = await listDagRuns(as("workspaceMember"), {
        organizationId,
        deploymentId,
        limit: 3,
        cursor,
      });
      seen.push(...page.items.map((run) => `${run.dagId}@${run.lastEventTime.toISOString()}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([
      `daily@${at(250)}`,
      `daily@${at(190)}`,
      `daily@${at(130)}`,
      `hourly@${at(90)}`,
      `daily@${at(70)}`,
      `hourly@${at(30)}`,
      `daily@${at(10)}`,
    ]);
  });

  it("filters by DAG, state and time range", async () => {
    const failed = await listDagRuns(as("workspaceMember"), {
      organizationId,
      deploymentId,
      state: "FAILED",
    });
    expect(failed.items.map((r) => [r.dagId, r.durationMs, r.startedAt?.toISOString()])).toEqual([
      ["daily", 600_000, at(120)],
    ]);
    const hourly = await listDagRuns(as("workspaceMember"), {
      organizationId,
      deploymentId,
      dagId: "hourly",
    });
    expect(hourly.items.map((r) => r.state)).toEqual(["RUNNING", "RUNNING"]);
    const window = await listDagRuns(as("workspaceMember"), {
      organizationId,
      deploymentId,
      from: new Date(at(60)),
      to: new Date(at(190)),
    });
    expect(window.items.map((r) => r.lastEventTime.toISOString())).toEqual([at(130), at(90), at(70)]);
  });

  it("is refused to people without a role on the deployment, and cursors it did not hand out", async () => {
    await expect(listDagRuns(as("organizationMember"), { organizationId, deploymentId })).rejects.toThrow(
      /deployment.runs.read/,
    );
    await expect(listDagRuns(as("outsider"), { organizationId, deploymentId })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      listDagRuns(as("workspaceMember"), { organizationId, deploymentId, cursor: "bm90LWEtY3Vyc29y" }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      listDagRuns(as("workspaceMember"), { organizationId, deploymentId, state: "DONE" as "SUCCESS" }),
    ).rejects.toThrow(ValidationError);
  });
});

describe("getDagRun", () => {
  it("answers one run of the deployment, and NOT_FOUND for another deployment's id", async () => {
    const [run] = (
      await listDagRuns(as("workspaceMember"), { organizationId, deploymentId, state: "FAILED" })
    ).items;
    const details = await getDagRun(as("deploymentAdmin"), {
      organizationId,
      deploymentId,
      dagRunId: run?.id as string,
    });
    expect(details).toMatchObject({ dagId: "daily", state: "FAILED", tasks: [], dataQuality: [] });
    await expect(
      getDagRun(as("organizationOwner"), { organizationId, deploymentId, dagRunId: "dr_missing" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

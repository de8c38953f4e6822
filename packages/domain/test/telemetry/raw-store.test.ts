// The raw store: monthly range partitions created on demand, exact duplicates kept once,
// rows never updated or deleted, and retention dropping whole partitions.
import { randomUUID } from "node:crypto";
import {
  canonicalJson,
  createGroupCommitAppender,
  deploymentsWithPendingLineage,
  deriveDeploymentLineage,
  dropExpiredLineagePartitions,
  ingestLineageEvents,
  partitionName,
} from "@skyport/domain";
import { worldOnTestDatabase } from "@skyport/testing";
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { airflow3Events, corpusFiles, rawEventsOf } from "./fixtures.ts";
import { newDeployment } from "./support.ts";

const { db, world } = await worldOnTestDatabase();

const event = (eventTime: string, overrides: Record<string, unknown> = {}) => ({
  eventType: "START",
  eventTime,
  producer: "https://example.com/producer",
  schemaURL: "https://openlineage.io/spec/1-0-5/OpenLineage.json#/definitions/RunEvent",
  run: { runId: randomUUID() },
  job: { namespace: "default", name: "dag" },
  ...overrides,
});

async function partitions(): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ name: string }>>`
    SELECT c.relname AS name FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = 'LineageEvent' ORDER BY 1`;
  return rows.map((row) => row.name);
}

describe("the raw lineage store", () => {
  it("is partitioned by event time, one partition per month, created on demand", async () => {
    const target = await newDeployment(db, world);
    const now = new Date("2026-12-05T12:00:00Z");
    await ingestLineageEvents(
      db,
      target,
      [event("2026-10-31T23:59:59.999Z"), event("2026-11-01T00:00:00Z"), event("2026-12-05T11:00:00+01:00")],
      { now, batch: true },
    );
    expect(await partitions()).toEqual(
      expect.arrayContaining([partitionName(2026, 10), partitionName(2026, 11), partitionName(2026, 12)]),
    );
    const [{ rows } = { rows: 0n }] = await db.$queryRawUnsafe<Array<{ rows: bigint }>>(
      `SELECT count(*) AS rows FROM "${partitionName(2026, 11)}" WHERE "deploymentId" = $1`,
      target.deploymentId,
    );
    expect(rows).toBe(1n);
  });

  it("stores an exact duplicate once, also within one batch and whatever its key order", async () => {
    const target = await newDeployment(db, world);
    const sent = event(new Date().toISOString());
    const reordered = Object.fromEntries(Object.entries(sent).reverse());
    const outcomes = await ingestLineageEvents(db, target, [sent, reordered], { batch: true });
    expect(outcomes.map((o) => o.status)).toEqual(["stored", "duplicate"]);
    const again = await ingestLineageEvents(db, target, [sent]);
    expect(again.map((o) => o.status)).toEqual(["duplicate"]);
    expect(await db.lineageEvent.count({ where: { deploymentId: target.deploymentId } })).toBe(1);
    // The same event sent to another deployment is that deployment's own.
    const second = await newDeployment(db, world);
    expect((await ingestLineageEvents(db, second, [sent]))[0]?.status).toBe("stored");
  });

  it("keeps event times exact and tells new from duplicate whatever the process's time zone", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const target = await newDeployment(db, world);
      const eventTime = "2026-12-05T23:30:00.123Z";
      const sent = event(new Date(Date.parse(eventTime)).toISOString());
      expect((await ingestLineageEvents(db, target, [sent]))[0]?.status).toBe("stored");
      expect((await ingestLineageEvents(db, target, [sent]))[0]?.status).toBe("duplicate");
      const row = await db.lineageEvent.findFirstOrThrow({ where: { deploymentId: target.deploymentId } });
      expect(row.eventTime.toISOString()).toBe(eventTime);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("stores through Prisma the same way for a client without its own node-postgres pool", async () => {
    const target = await newDeployment(db, world);
    // An extended client is another object: pgPoolOf knows no pool for it.
    const extended = db.$extends({}) as unknown as typeof db;
    const sent = event(new Date().toISOString());
    expect(
      (await ingestLineageEvents(extended, target, [sent, sent], { batch: true })).map((o) => o.status),
    ).toEqual(["stored", "duplicate"]);
    expect((await ingestLineageEvents(db, target, [sent]))[0]?.status).toBe("duplicate");
  });

  it("group commit: concurrent appends each learn what became of their own rows", async () => {
    const target = await newDeployment(db, world);
    const append = createGroupCommitAppender(db, { maxInFlight: 2, maxRows: 5 });
    const sent = Array.from({ length: 12 }, () => event(new Date().toISOString()));
    const repeated = sent[3] as ReturnType<typeof event>;
    const answers = await Promise.all(
      [...sent, repeated].map((item) =>
        ingestLineageEvents(db, target, [item], { append }).then((outcomes) => outcomes[0]?.status),
      ),
    );
    expect(answers.slice(0, 12)).toEqual(Array(12).fill("stored"));
    expect(answers[12]).toBe("duplicate");
    expect(await db.lineageEvent.count({ where: { deploymentId: target.deploymentId } })).toBe(12);
  });

  it("keeps the RFC 8785 text: the same as canonicalize for every corpus event and awkward values", async () => {
    const events = [...corpusFiles().flatMap((file) => rawEventsOf(file)), ...airflow3Events()];
    expect(events.length).toBeGreaterThan(50);
    const awkward = JSON.parse(
      '{"z":1,"a":{"\\u00e9":[1e21,-0,0.1,1e-7,-1.5e300,123456789012345680000],"😀":"\\u0001\\"\\\\","｡":null},"A":[true,false,{}],"":[]}',
    );
    for (const value of [...events, awkward]) expect(canonicalJson(value)).toBe(canonicalize(value));
    // Where canonicalize throws (an unpaired surrogate), the text names it as an escape, which the
    // ingest check looks for.
    expect(canonicalJson({ name: "a\ud800" })).toBe('{"name":"a\\ud800"}');
  });

  it("refuses an unpaired surrogate by its pointer, and stores the same letters after a backslash", async () => {
    const target = await newDeployment(db, world);
    const lone = event(new Date().toISOString(), { job: { namespace: "default", name: "a\udc00b" } });
    const letters = event(new Date().toISOString(), { job: { namespace: "default", name: "a\\udc00b" } });
    const outcomes = await ingestLineageEvents(db, target, [lone, letters], { batch: true });
    expect(outcomes).toEqual([
      {
        index: 0,
        status: "invalid",
        issues: [
          { pointer: "/0/job/name", message: "must not contain NUL characters or unpaired surrogates" },
        ],
      },
      { index: 1, status: "stored" },
    ]);
    const stored = await db.lineageEvent.findMany({ where: { deploymentId: target.deploymentId } });
    expect(stored.map((row) => row.jobName)).toEqual(["a\\udc00b"]);
  });

  /** How many transactions stored the deployment's rows (rows of one INSERT share its xmin). */
  async function transactionsOf(deploymentId: string): Promise<number | undefined> {
    const rows = await db.$queryRaw<Array<{ n: number }>>`
      SELECT count(DISTINCT xmin::text)::int AS n FROM "LineageEvent" WHERE "deploymentId" = ${deploymentId}`;
    return rows[0]?.n;
  }

  it("group commit: by default one INSERT is in flight and whatever arrives meanwhile shares the next", async () => {
    const target = await newDeployment(db, world);
    const append = createGroupCommitAppender(db);
    const store = (item: unknown) =>
      ingestLineageEvents(db, target, [item], { append }).then((outcomes) => outcomes[0]?.status);
    // The appends of one turn share an INSERT.
    const first = Array.from({ length: 12 }, () => store(event(new Date().toISOString())));
    expect(await Promise.all(first)).toEqual(Array(12).fill("stored"));
    expect(await transactionsOf(target.deploymentId)).toBe(1);
    // One turn's append starts an INSERT; the 11 appended while it is in flight share the next.
    const early = store(event(new Date().toISOString()));
    await new Promise((resolve) => setImmediate(resolve));
    const late = Array.from({ length: 11 }, () => store(event(new Date().toISOString())));
    expect(await Promise.all([early, ...late])).toEqual(Array(12).fill("stored"));
    expect(await transactionsOf(target.deploymentId)).toBe(3);
  });

  it("group commit: rows wait for their admission, admitted ones go ahead, refused ones are never stored", async () => {
    const target = await newDeployment(db, world);
    const append = createGroupCommitAppender(db);
    const gate = <T>() => {
      let open!: (value: T) => void;
      let refuse!: (reason: unknown) => void;
      const promise = new Promise<T>((resolve, reject) => {
        open = resolve;
        refuse = reject;
      });
      return { promise, open, refuse };
    };
    const held = gate<void>();
    const refused = gate<void>();
    const now = new Date().toISOString();
    const [heldEvent, freeEvent, refusedEvent] = [event(now), event(now), event(now)];
    const heldAnswer = ingestLineageEvents(db, target, [heldEvent], { append, admission: held.promise });
    const refusedAnswer = ingestLineageEvents(db, target, [refusedEvent], {
      append,
      admission: refused.promise,
    });
    const freeAnswer = ingestLineageEvents(db, target, [freeEvent], { append });
    expect((await freeAnswer)[0]?.status).toBe("stored");
    expect(await db.lineageEvent.count({ where: { deploymentId: target.deploymentId } })).toBe(1);

    refused.refuse(new Error("over the limit"));
    await expect(refusedAnswer).rejects.toThrow("over the limit");
    held.open();
    expect((await heldAnswer)[0]?.status).toBe("stored");
    const stored = await db.lineageEvent.findMany({ where: { deploymentId: target.deploymentId } });
    expect(stored.map((row) => row.runId).sort()).toEqual([heldEvent.run.runId, freeEvent.run.runId].sort());
    // A refusal wins over an invalid event, with or without group commit: nothing to store, and
    // the caller learns it was refused.
    for (const options of [{ append }, {}]) {
      await expect(
        ingestLineageEvents(db, target, [{ eventType: "COMPLETE" }], {
          ...options,
          admission: Promise.reject(new Error("refused first")),
        }),
      ).rejects.toThrow("refused first");
    }
  });

  it("refuses to change or delete a stored event", async () => {
    const target = await newDeployment(db, world);
    await ingestLineageEvents(db, target, [event(new Date().toISOString())]);
    await expect(
      db.$executeRaw`UPDATE "LineageEvent" SET "jobName" = 'x' WHERE "deploymentId" = ${target.deploymentId}`,
    ).rejects.toThrow(/append-only/);
    await expect(
      db.$executeRaw`DELETE FROM "LineageEvent" WHERE "deploymentId" = ${target.deploymentId}`,
    ).rejects.toThrow(/append-only/);
  });

  it("refuses events older than the retention or far in the future, naming /eventTime", async () => {
    const target = await newDeployment(db, world);
    const now = new Date("2026-12-05T12:00:00Z");
    const outcomes = await ingestLineageEvents(
      db,
      target,
      [event("2026-08-01T00:00:00Z"), event("2026-12-07T12:00:00Z")],
      { now, retentionDays: 90, batch: true },
    );
    expect(outcomes).toEqual([
      {
        index: 0,
        status: "invalid",
        issues: [
          { pointer: "/0/eventTime", message: "is older than the 90-day retention of lineage events" },
        ],
      },
      {
        index: 1,
        status: "invalid",
        issues: [{ pointer: "/1/eventTime", message: "is more than a day ahead of Skyport's clock" }],
      },
    ]);
  });

  it("drops whole month partitions past the retention, and re-creates one if an event needs it", async () => {
    const target = await newDeployment(db, world);
    await ingestLineageEvents(db, target, [event("2025-01-15T00:00:00Z"), event("2025-03-15T00:00:00Z")], {
      now: new Date("2025-03-20T00:00:00Z"),
      batch: true,
    });
    // 2025-01 ends on 2025-02-01, more than 30 days before 2025-03-20; 2025-03 does not.
    const dropped = await dropExpiredLineagePartitions(db, {
      retentionDays: 30,
      now: new Date("2025-03-20T00:00:00Z"),
    });
    expect(dropped).toContain(partitionName(2025, 1));
    expect(dropped).not.toContain(partitionName(2025, 3));
    expect(await partitions()).not.toContain(partitionName(2025, 1));
    expect(await db.lineageEvent.count({ where: { deploymentId: target.deploymentId } })).toBe(1);
    const again = await ingestLineageEvents(db, target, [event("2025-01-16T00:00:00Z")], {
      now: new Date("2025-01-20T00:00:00Z"),
    });
    expect(again[0]?.status).toBe("stored");
  });

  it("lists the deployments whose events are not derived yet", async () => {
    const target = await newDeployment(db, world);
    await ingestLineageEvents(db, target, [event(new Date().toISOString())]);
    expect(await deploymentsWithPendingLineage(db)).toContain(target.deploymentId);
    await deriveDeploymentLineage(db, target.deploymentId, { settleMs: 0 });
    expect(await deploymentsWithPendingLineage(db)).not.toContain(target.deploymentId);
  });
});

// The raw OpenLineage event store: append-only, range-partitioned by event time with one
// partition per calendar month (UTC), created on demand and dropped whole when older than
// the retention period. Exact duplicates (same deployment, same canonical event) are kept once.
import { createHash } from "node:crypto";
import { type Prisma, type PrismaClient, pgPoolOf } from "@skyport/db";
import { configure } from "safe-stable-stringify";
import type { Db } from "../authz/authorize.ts";
import type { IngestTarget } from "./ingest-token.ts";

/** Raw events older than this (by event time) are dropped, a month partition at a time. */
export const DEFAULT_LINEAGE_RETENTION_DAYS = 90;

/** What the store keeps of one valid event besides its payload. */
export interface RawEventRow {
  eventHash: string;
  eventTime: Date;
  eventType: string | null;
  runId: string;
  parentRunId: string | null;
  jobNamespace: string;
  jobName: string;
  payload: string;
  sizeBytes: number;
}

function lower(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value.toLowerCase() : null;
}

/**
 * JSON with every object's keys sorted by UTF-16 code units and no whitespace: for what
 * JSON.parse makes this is byte for byte the RFC 8785 form (`canonicalize` gives the same text,
 * tested), at a fraction of its cost on the ingest path. Unlike `canonicalize` it does not
 * throw on an unpaired surrogate but escapes it (`\\ud800`), as JSON.stringify does.
 */
export const canonicalJson = configure({ deterministic: true, circularValue: TypeError }) as (
  value: unknown,
) => string | undefined;

/** The stored row of a schema-valid event (RunEvent, DatasetEvent or JobEvent). */
export function rawEventRow(event: Record<string, unknown>): RawEventRow {
  const canonical = canonicalJson(event) ?? "null";
  const run = event.run as
    | { runId?: unknown; facets?: { parent?: { run?: { runId?: unknown } } } }
    | undefined;
  const job = event.job as { namespace?: string; name?: string } | undefined;
  const dataset = event.dataset as { namespace?: string; name?: string } | undefined;
  return {
    eventHash: createHash("sha256").update(canonical).digest("hex"),
    eventTime: new Date(event.eventTime as string),
    eventType: typeof event.eventType === "string" ? event.eventType : null,
    runId: lower(run?.runId) ?? "",
    parentRunId: lower(run?.facets?.parent?.run?.runId),
    jobNamespace: job?.namespace ?? dataset?.namespace ?? "",
    jobName: job?.name ?? dataset?.name ?? "",
    payload: canonical,
    sizeBytes: Buffer.byteLength(canonical),
  };
}

/** The partition holding a month: "LineageEvent_p202612" for December 2026. */
export function partitionName(year: number, month: number): string {
  return `LineageEvent_p${year}${String(month).padStart(2, "0")}`;
}

function monthOf(date: Date): { year: number; month: number } {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}

function monthStart(year: number, month: number): string {
  return new Date(Date.UTC(year, month - 1, 1)).toISOString();
}

/** Partitions this process knows exist (a retention drop clears the cache). */
const knownPartitions = new Set<string>();

/** Creates the month partitions the given times fall in, if they do not exist yet. */
export async function ensurePartitions(db: PrismaClient, times: readonly Date[]): Promise<void> {
  const months = new Map<string, { year: number; month: number }>();
  for (const time of times) {
    const m = monthOf(time);
    const name = partitionName(m.year, m.month);
    if (!knownPartitions.has(name)) months.set(name, m);
  }
  for (const [name, { year, month }] of months) {
    const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
    // Serialised: two processes creating the same partition at once would collide in the catalog.
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('skyport.lineage-partitions'))`;
      await tx.$executeRawUnsafe(
        `CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF "LineageEvent" FOR VALUES FROM ('${monthStart(year, month)}') TO ('${monthStart(next.year, next.month)}')`,
      );
    });
    knownPartitions.add(name);
  }
}

/** A row with the deployment it belongs to. */
export type TargetedRow = RawEventRow & IngestTarget;

function rowKey(deploymentId: string, eventHash: string, eventMs: number): string {
  return `${deploymentId}/${eventHash}@${eventMs}`;
}

/**
 * The INSERT below, sent on the client's own node-postgres pool when it has one (pgPoolOf):
 * Prisma's $queryRaw cost about twice the CPU per row of the same statement sent directly
 * (130 against 65 µs per 2 KB row in INSERTs of 15, measured), and the ingest path pays it
 * for every event. The rows travel as one JSON array parameter, each row an array of its
 * columns with the payload (already JSON text) spliced in as it is: node-postgres then writes
 * one string instead of escaping every payload into a text[] literal (about a fifth less of its
 * CPU per row, measured), and PostgreSQL parses each payload once, as it would cast text to
 * jsonb. Times go as UTC ISO text and come back as epoch milliseconds, so the process's time
 * zone never shifts a timestamp(3).
 */
const INSERT_ROWS_SQL = `
    INSERT INTO "LineageEvent"
      ("id", "eventTime", "organizationId", "deploymentId", "eventHash", "eventType", "runId",
       "parentRunId", "jobNamespace", "jobName", "payload", "sizeBytes")
    SELECT gen_random_uuid()::text, (r->>0)::timestamp(3), r->>1, r->>2, r->>3, r->>4, r->>5,
           r->>6, r->>7, r->>8, r->9, (r->>10)::int
    FROM jsonb_array_elements($1::jsonb) AS t(r)
    ON CONFLICT ("deploymentId", "eventHash", "eventTime") DO NOTHING
    RETURNING "deploymentId", "eventHash", (extract(epoch FROM "eventTime") * 1000)::float8 AS "eventMs"`;

interface InsertedRow {
  deploymentId: string;
  eventHash: string;
  eventMs: number;
}

/**
 * The rows as the INSERT's one parameter: a JSON array of column arrays, in its order, each
 * row's payload (already JSON text) spliced in after its other columns.
 */
function rowsParameter(rows: readonly TargetedRow[]): string {
  const items = rows.map((row) => {
    const columns = JSON.stringify([
      row.eventTime.toISOString(),
      row.organizationId,
      row.deploymentId,
      row.eventHash,
      row.eventType,
      row.runId,
      row.parentRunId,
      row.jobNamespace,
      row.jobName,
    ]);
    return `${columns.slice(0, -1)},${row.payload},${row.sizeBytes}]`;
  });
  return `[${items.join(",")}]`;
}

/**
 * The INSERT as a named prepared statement: each pooled connection parses and plans it once, not
 * once per INSERT (about 5% more rows per second through one connection in INSERTs of 17 rows,
 * measured). PostgreSQL plans it again by itself when a partition is created or dropped.
 */
const INSERT_ROWS_STATEMENT = "skyport_lineage_insert_rows";

async function insertRows(db: PrismaClient, rows: readonly TargetedRow[]): Promise<InsertedRow[]> {
  const parameter = rowsParameter(rows);
  const pool = pgPoolOf(db);
  if (pool) {
    const query = { name: INSERT_ROWS_STATEMENT, text: INSERT_ROWS_SQL, values: [parameter] };
    return (await pool.query<InsertedRow>(query)).rows;
  }
  // A client that is not createDatabaseClient's: the same statement through Prisma.
  return db.$queryRawUnsafe<InsertedRow[]>(INSERT_ROWS_SQL, parameter);
}

/**
 * Appends rows (of any deployments) to the store in one statement and answers, per row,
 * whether it was new (false: an exact duplicate already stored, or earlier in this call).
 * Returns once the INSERT has committed.
 */
export async function appendRawRows(db: PrismaClient, rows: readonly TargetedRow[]): Promise<boolean[]> {
  if (rows.length === 0) return [];
  const times = rows.map((row) => row.eventTime);
  await ensurePartitions(db, times);
  let inserted: Awaited<ReturnType<typeof insertRows>>;
  try {
    inserted = await insertRows(db, rows);
  } catch (error) {
    // A partition dropped by retention since this process created it: create it again, once.
    if (!String(error).includes("no partition of relation")) throw error;
    knownPartitions.clear();
    await ensurePartitions(db, times);
    inserted = await insertRows(db, rows);
  }
  const fresh = new Set(inserted.map((row) => rowKey(row.deploymentId, row.eventHash, row.eventMs)));
  return rows.map((row) => {
    const key = rowKey(row.deploymentId, row.eventHash, row.eventTime.getTime());
    if (!fresh.has(key)) return false;
    fresh.delete(key);
    return true;
  });
}

/** Appends one deployment's events (see appendRawRows). */
export function appendRawEvents(
  db: PrismaClient,
  target: IngestTarget,
  rows: readonly RawEventRow[],
): Promise<boolean[]> {
  return appendRawRows(
    db,
    rows.map((row) => ({ ...row, ...target })),
  );
}

/**
 * Appends rows; what ingest uses (appendRawRows, or a group-committing writer). When `admission`
 * is given the rows are stored only once it resolves; when it rejects they are never stored and
 * the answer rejects with its reason (ingest's rate limit: the charge's round trip then overlaps
 * the wait for the INSERT in flight instead of coming before it).
 */
export type RawEventAppender = (
  rows: readonly TargetedRow[],
  admission?: Promise<void>,
) => Promise<boolean[]>;

/**
 * Group commit: rows appended while an INSERT is in flight wait for the next one, which
 * carries all of them. Each caller still gets its answer only after its rows committed, so
 * the durability promise is unchanged, while many concurrent one-event requests share a
 * transaction instead of paying one commit each. At most `maxInFlight` INSERTs run at once:
 * one by default, so that whatever arrives while it commits rides in the next one. Measured with
 * `npm run bench:ingest` (50 senders), one in flight carried about 16 rows per INSERT where four
 * carried about 5, and the API's CPU per event fell by about a sixth (Prisma's and node-postgres'
 * cost is per statement), with fewer commits for PostgreSQL to make on the same cores. Rows
 * still waiting for their admission stay queued, in order, while admitted ones go ahead; an INSERT
 * starts at the end of the current turn (a microtask), so the appends of one turn share it.
 */
export function createGroupCommitAppender(
  db: PrismaClient,
  options: { maxInFlight?: number; maxRows?: number } = {},
): RawEventAppender {
  const maxInFlight = options.maxInFlight ?? 1;
  const maxRows = options.maxRows ?? 2000;
  interface Pending {
    rows: readonly TargetedRow[];
    admitted: boolean;
    resolve: (fresh: boolean[]) => void;
    reject: (error: unknown) => void;
  }
  let queue: Pending[] = [];
  let inFlight = 0;
  let scheduled = false;
  /** The next INSERT's share of the queue: admitted appends in order, up to maxRows. */
  const takeBatch = (): Pending[] => {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    let size = 0;
    let full = false;
    for (const pending of queue) {
      if (pending.admitted && !full && (batch.length === 0 || size + pending.rows.length <= maxRows)) {
        batch.push(pending);
        size += pending.rows.length;
      } else {
        if (pending.admitted) full = true;
        rest.push(pending);
      }
    }
    queue = rest;
    return batch;
  };
  const insert = (batch: Pending[]) => {
    inFlight += 1;
    appendRawRows(
      db,
      batch.flatMap((pending) => pending.rows),
    )
      .then(
        (fresh) => {
          let offset = 0;
          for (const pending of batch) {
            pending.resolve(fresh.slice(offset, offset + pending.rows.length));
            offset += pending.rows.length;
          }
        },
        (error: unknown) => {
          for (const pending of batch) pending.reject(error);
        },
      )
      .finally(() => {
        inFlight -= 1;
        flush();
      });
  };
  const flush = () => {
    while (inFlight < maxInFlight) {
      const batch = takeBatch();
      if (batch.length === 0) return;
      insert(batch);
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      flush();
    });
  };
  return (rows, admission) => {
    if (rows.length === 0) return admission ? admission.then(() => []) : Promise.resolve([]);
    return new Promise<boolean[]>((resolve, reject) => {
      const pending: Pending = { rows, admitted: admission === undefined, resolve, reject };
      queue.push(pending);
      if (!admission) return schedule();
      admission.then(
        () => {
          pending.admitted = true;
          schedule();
        },
        (refusal: unknown) => {
          queue = queue.filter((item) => item !== pending);
          reject(refusal);
        },
      );
    });
  };
}

/**
 * Drops every month partition that ends before `now - retentionDays`: raw events are never
 * deleted row by row. Returns the names of the partitions dropped.
 */
export async function dropExpiredLineagePartitions(
  db: PrismaClient,
  options: { retentionDays?: number; now?: Date } = {},
): Promise<string[]> {
  const retentionDays = options.retentionDays ?? DEFAULT_LINEAGE_RETENTION_DAYS;
  const cutoff = new Date((options.now ?? new Date()).getTime() - retentionDays * 86_400_000);
  const partitions = await db.$queryRaw<Array<{ name: string }>>`
    SELECT c.relname AS name FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = 'LineageEvent'`;
  const dropped: string[] = [];
  for (const { name } of partitions) {
    const match = /^LineageEvent_p(\d{4})(\d{2})$/.exec(name);
    if (!match) continue;
    const year = Number(match[1]);
    const month = Number(match[2]);
    const end = new Date(Date.UTC(month === 12 ? year + 1 : year, month === 12 ? 0 : month, 1));
    if (end.getTime() > cutoff.getTime()) continue;
    await db.$executeRawUnsafe(`DROP TABLE IF EXISTS "${name}"`);
    knownPartitions.delete(name);
    dropped.push(name);
  }
  return dropped;
}

/** The raw events of some runs of a deployment, in no particular order. */
export async function rawEventsOfRuns(
  db: Db,
  deploymentId: string,
  runIds: readonly string[],
): Promise<Array<{ payload: Prisma.JsonValue; eventTime: Date }>> {
  if (runIds.length === 0) return [];
  return db.lineageEvent.findMany({
    where: { deploymentId, runId: { in: [...runIds] } },
    select: { payload: true, eventTime: true },
  });
}

// Ingesting OpenLineage events for one deployment: validate each against the schema and the
// store's limits, append the valid ones to the raw store in one INSERT, and say per event
// what happened. Derivation is not waited for: the caller asks the worker for it.
import type { PrismaClient } from "@skyport/db";
import type { IngestTarget } from "./ingest-token.ts";
import { type EventIssue, validateOpenLineageEvent } from "./openlineage-schema.ts";
import {
  appendRawEvents,
  DEFAULT_LINEAGE_RETENTION_DAYS,
  type RawEventAppender,
  type RawEventRow,
  rawEventRow,
} from "./raw-store.ts";

/** The largest single event accepted (its canonical JSON). */
export const MAX_LINEAGE_EVENT_BYTES = 2 * 1024 * 1024;
/** The most events one batch request may carry. */
export const MAX_LINEAGE_BATCH_EVENTS = 1000;
/** How far ahead of Skyport's clock an event may be dated (clock skew). */
const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

export interface IngestOptions {
  retentionDays?: number;
  now?: Date;
  /** How rows reach the store (default: one INSERT per call; the web uses group commit). */
  append?: RawEventAppender;
  /**
   * Resolves when the events may be stored (the web's rate limit); nothing is stored before, and
   * when it rejects nothing is, and its reason is thrown, whether or not an event was valid.
   */
  admission?: Promise<void>;
}

export type IngestOutcome =
  | { index: number; status: "stored" | "duplicate" }
  | { index: number; status: "invalid"; issues: EventIssue[] };

/** How canonical JSON text writes a NUL character or an unpaired surrogate. */
const ESCAPED_UNSTORABLE = /\\u(?:0000|d[89a-f])/i;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const bad = (text: string) => text.includes("\u0000") || LONE_SURROGATE.test(text);

/**
 * The pointer of the first string PostgreSQL's jsonb cannot hold (a NUL character, or half of
 * a surrogate pair), in a key or a value; null when there is none.
 */
function unstorableText(value: unknown, pointer: string): string | null {
  if (typeof value === "string") return bad(value) ? pointer || "/" : null;
  if (typeof value !== "object" || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const at = `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    if (bad(key)) return at;
    const found = unstorableText(item, at);
    if (found) return found;
  }
  return null;
}

/** Schema and limit checks of one event; the row to store when it passes. */
export function checkLineageEvent(
  event: unknown,
  base: string,
  options: IngestOptions = {},
): { row: RawEventRow } | { issues: EventIssue[] } {
  const issues = validateOpenLineageEvent(event, base);
  if (issues.length > 0) return { issues };
  // The event is walked for the pointer of unstorable text only when canonicalising refuses it
  // or its canonical text has the escape of a NUL or an unpaired surrogate (or the same letters
  // after an escaped backslash: the walk then finds nothing and the event is stored).
  const unstorableIssue = (): { issues: EventIssue[] } | null => {
    const pointer = unstorableText(event, base);
    return pointer
      ? { issues: [{ pointer, message: "must not contain NUL characters or unpaired surrogates" }] }
      : null;
  };
  let row: RawEventRow;
  try {
    row = rawEventRow(event as Record<string, unknown>);
  } catch (error) {
    const issue = unstorableIssue();
    if (issue) return issue;
    throw error;
  }
  if (ESCAPED_UNSTORABLE.test(row.payload)) {
    const issue = unstorableIssue();
    if (issue) return issue;
  }
  if (row.sizeBytes > MAX_LINEAGE_EVENT_BYTES) {
    return {
      issues: [
        {
          pointer: base || "/",
          message: `is larger than the ${MAX_LINEAGE_EVENT_BYTES} bytes an event may have`,
        },
      ],
    };
  }
  const now = (options.now ?? new Date()).getTime();
  const retentionDays = options.retentionDays ?? DEFAULT_LINEAGE_RETENTION_DAYS;
  if (row.eventTime.getTime() > now + MAX_FUTURE_MS) {
    return {
      issues: [{ pointer: `${base}/eventTime`, message: "is more than a day ahead of Skyport's clock" }],
    };
  }
  if (row.eventTime.getTime() < now - retentionDays * 86_400_000) {
    return {
      issues: [
        {
          pointer: `${base}/eventTime`,
          message: `is older than the ${retentionDays}-day retention of lineage events`,
        },
      ],
    };
  }
  return { row };
}

/**
 * Validates and stores events for the deployment the ingest token named. Invalid events are
 * not stored and are reported with every problem's JSON pointer ("/3/run/runId" for the
 * fourth event of a batch when `batch`); valid ones are stored together, duplicates once.
 */
export async function ingestLineageEvents(
  db: PrismaClient,
  target: IngestTarget,
  events: readonly unknown[],
  options: IngestOptions & { batch?: boolean } = {},
): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = [];
  const rows: RawEventRow[] = [];
  const rowIndexes: number[] = [];
  events.forEach((event, index) => {
    const checked = checkLineageEvent(event, options.batch ? `/${index}` : "", options);
    if ("issues" in checked) {
      outcomes[index] = { index, status: "invalid", issues: checked.issues };
    } else {
      rows.push(checked.row);
      rowIndexes.push(index);
    }
  });
  const { admission } = options;
  let fresh: boolean[];
  if (options.append) {
    fresh = await options.append(
      rows.map((row) => ({ ...row, ...target })),
      admission,
    );
  } else {
    await admission;
    fresh = await appendRawEvents(db, target, rows);
  }
  fresh.forEach((isNew, i) => {
    const index = rowIndexes[i] as number;
    outcomes[index] = { index, status: isNew ? "stored" : "duplicate" };
  });
  return outcomes;
}

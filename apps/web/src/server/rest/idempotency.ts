import { createHash } from "node:crypto";
import type { PrismaClient } from "@skyport/db";
import type { Actor } from "@skyport/domain";
import canonicalize from "canonicalize";
import { RestError } from "./errors.ts";

export const IDEMPOTENCY_HEADER = "idempotency-key";
/** Keys are remembered this long (as Stripe does); afterwards the same key is a new request. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A first request still unanswered after this long is taken to have died with its process. */
const ABANDONED_AFTER_MS = 2 * 60 * 1000;

export interface StoredAnswer {
  status: number;
  body: unknown;
}

export type IdempotencyClaim = { kind: "claimed"; id: string } | { kind: "replay"; answer: StoredAnswer };

/** Refuses keys that are not 1–255 visible ASCII characters. */
export function readIdempotencyKey(headers: Headers): string | null {
  const key = headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return null;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new RestError(
      400,
      "BAD_REQUEST",
      "Idempotency-Key: must be 1 to 255 visible ASCII characters",
      "Idempotency-Key",
    );
  }
  return key;
}

function callerKey(actor: Actor): string {
  switch (actor.type) {
    case "user":
      return `user:${actor.userId}`;
    case "apiToken":
      return `token:${actor.tokenId}`;
    case "system":
      return "system";
    default: {
      const never: never = actor;
      return String(never);
    }
  }
}

function requestHash(method: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(`${method} ${path}\n${canonicalize(body ?? null) ?? "null"}`)
    .digest("hex");
}

/**
 * Claims a key for this request, or returns what the first request with the same key and body
 * answered. The same key with a different request is a conflict, as is a key whose first
 * request is still running.
 */
export async function claimIdempotencyKey(
  db: PrismaClient,
  request: { actor: Actor; key: string; method: string; path: string; body: unknown },
): Promise<IdempotencyClaim> {
  const owner = callerKey(request.actor);
  const hash = requestHash(request.method, request.path, request.body);
  const now = new Date();
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await db.idempotencyKey.deleteMany({
      where: {
        callerKey: owner,
        key: request.key,
        OR: [
          { expiresAt: { lt: now } },
          { responseStatus: null, createdAt: { lt: new Date(now.getTime() - ABANDONED_AFTER_MS) } },
        ],
      },
    });
    const inserted = await db.idempotencyKey.createManyAndReturn({
      data: [
        {
          callerKey: owner,
          key: request.key,
          method: request.method,
          path: request.path,
          requestHash: hash,
          expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
        },
      ],
      skipDuplicates: true,
      select: { id: true },
    });
    const claimed = inserted[0];
    if (claimed) return { kind: "claimed", id: claimed.id };

    const existing = await db.idempotencyKey.findUnique({
      where: { callerKey_key: { callerKey: owner, key: request.key } },
    });
    if (!existing) continue; // expired and removed between our statements: try again
    if (existing.requestHash !== hash) {
      throw new RestError(
        409,
        "CONFLICT",
        "Idempotency-Key was already used with a different request; use a new key for a new request",
        "Idempotency-Key",
      );
    }
    if (existing.responseStatus === null) {
      throw new RestError(
        409,
        "CONFLICT",
        "a request with this Idempotency-Key is still being processed; retry shortly",
        "Idempotency-Key",
        { "retry-after": "1" },
      );
    }
    return { kind: "replay", answer: { status: existing.responseStatus, body: existing.responseBody } };
  }
  throw new RestError(409, "CONFLICT", "Idempotency-Key is contended; retry shortly", "Idempotency-Key");
}

/** Stores the answer for replays (fields in `omit`, secrets shown once, are stored as null). */
export async function completeIdempotencyKey(
  db: PrismaClient,
  id: string,
  answer: StoredAnswer,
  omit: readonly string[] = [],
): Promise<void> {
  const body =
    omit.length > 0 && typeof answer.body === "object" && answer.body !== null
      ? {
          ...(answer.body as Record<string, unknown>),
          ...Object.fromEntries(omit.map((field) => [field, null])),
        }
      : answer.body;
  await db.idempotencyKey.update({
    where: { id },
    data: { responseStatus: answer.status, responseBody: (body ?? null) as never },
  });
}

/** Forgets a claim whose request failed, so the client may retry with the same key. */
export async function releaseIdempotencyKey(db: PrismaClient, id: string): Promise<void> {
  await db.idempotencyKey.deleteMany({ where: { id } });
}

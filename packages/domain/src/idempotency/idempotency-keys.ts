// The idempotency-key store (table IdempotencyKey): the first request with a key claims it,
// its answer is stored when it completes, and a retry with the same key and body gets that
// answer back. Entry points decide what a key is and how refusals are worded; this module
// owns the rows.
import { createHash } from "node:crypto";
import type { PrismaClient } from "@skyport/db";
import canonicalize from "canonicalize";
import type { Actor } from "../shared/actor.ts";

/** Keys are remembered this long (as Stripe does); afterwards the same key is a new request. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A first request still unanswered after this long is taken to have died with its process. */
const ABANDONED_AFTER_MS = 2 * 60 * 1000;

export interface StoredAnswer {
  status: number;
  body: unknown;
}

export interface IdempotentRequest {
  actor: Actor;
  key: string;
  method: string;
  path: string;
  body: unknown;
}

export type IdempotencyClaim =
  /** This request owns the key: run it, then complete or release the claim. */
  | { kind: "claimed"; id: string }
  /** The first request with this key and body answered this: send it again. */
  | { kind: "replay"; answer: StoredAnswer }
  /** The key was used with a different request. */
  | { kind: "mismatch" }
  /** The first request with this key is still running. */
  | { kind: "in-progress" }
  /** The key kept changing hands while we looked (expiry races); the client retries. */
  | { kind: "contended" };

/** Keys are per caller: two callers may use the same key for different requests. */
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
 * Claims a key for this request, or says what became of the first request with it. Expired
 * keys and abandoned claims are cleared first, so they never block a new request.
 */
export async function claimIdempotencyKey(
  db: PrismaClient,
  request: IdempotentRequest,
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
    if (existing.requestHash !== hash) return { kind: "mismatch" };
    if (existing.responseStatus === null) return { kind: "in-progress" };
    return { kind: "replay", answer: { status: existing.responseStatus, body: existing.responseBody } };
  }
  return { kind: "contended" };
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

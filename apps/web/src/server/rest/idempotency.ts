// The Idempotency-Key header over the domain's idempotency-key store: parsing the header and
// wording its refusals are the REST layer's; the rows are the store's.
import type { PrismaClient } from "@skyport/db";
import { claimIdempotencyKey, type IdempotentRequest, type StoredAnswer } from "@skyport/domain";
import { RestError } from "./errors.ts";

export { completeIdempotencyKey, releaseIdempotencyKey } from "@skyport/domain";

export const IDEMPOTENCY_HEADER = "idempotency-key";

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

/**
 * Claims the key for this request (`claimed`), or answers what the first request with the same
 * key and body did (`replay`); a key reused for another request, or still in flight, is 409.
 */
export async function claimOrReplay(
  db: PrismaClient,
  request: IdempotentRequest,
): Promise<{ kind: "claimed"; id: string } | { kind: "replay"; answer: StoredAnswer }> {
  const claim = await claimIdempotencyKey(db, request);
  switch (claim.kind) {
    case "claimed":
    case "replay":
      return claim;
    case "mismatch":
      throw new RestError(
        409,
        "CONFLICT",
        "Idempotency-Key was already used with a different request; use a new key for a new request",
        "Idempotency-Key",
      );
    case "in-progress":
      throw new RestError(
        409,
        "CONFLICT",
        "a request with this Idempotency-Key is still being processed; retry shortly",
        "Idempotency-Key",
        { "retry-after": "1" },
      );
    case "contended":
      throw new RestError(409, "CONFLICT", "Idempotency-Key is contended; retry shortly", "Idempotency-Key");
    default: {
      const never: never = claim;
      throw new Error(`unknown idempotency claim ${String(never)}`);
    }
  }
}

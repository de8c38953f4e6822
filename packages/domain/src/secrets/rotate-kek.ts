import { type Keyring, KeyringError } from "@skyport/config";
import type { PrismaClient } from "@skyport/db";
import { dataKeyAad } from "./aad.ts";
import { activeKek, type StoredDataKey, unwrapStoredDataKey } from "./data-keys.ts";
import { unwrapDataKey, wrapDataKey } from "./envelope.ts";

export interface KekRotationProgress {
  /** Data keys re-wrapped by this run so far. */
  rewrapped: number;
  /** Data keys still wrapped by another KEK. */
  remaining: number;
}

export interface KekRotationResult {
  activeKekId: string;
  rewrapped: number;
  /** Every data key's KEK after the run: only the active one, so older KEKs may be dropped. */
  kekIdsInUse: string[];
}

export interface RotateKekInput {
  db: PrismaClient;
  keyring: Keyring;
  /** Data keys read per round (each is still re-wrapped in its own transaction). */
  batchSize?: number;
  onProgress?: (progress: KekRotationProgress) => void | Promise<void>;
}

/**
 * Re-wraps every organization data key that is not wrapped by the active KEK (the first in
 * SKYPORT_KEK). Values are untouched: only the 60-byte wrappings change. Each re-wrap is its
 * own small transaction, so a run killed midway leaves every key wrapped by either its old or
 * the new KEK (both still listed), and running it again finishes the job.
 */
export async function rotateKeyEncryptionKey(input: RotateKekInput): Promise<KekRotationResult> {
  const { db, keyring } = input;
  const batchSize = input.batchSize ?? 100;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError("batchSize must be at least 1");
  await refuseUnknownKeks(db, keyring);
  let rewrapped = 0;
  let after = "";
  for (;;) {
    // Walk ids in order: each key is visited once per run, however the batches fall.
    const batch = await db.organizationDataKey.findMany({
      where: { kekId: { not: keyring.activeId }, id: { gt: after } },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true },
    });
    if (batch.length === 0) break;
    for (const { id } of batch) {
      if (await rewrapDataKey(db, keyring, id)) rewrapped++;
    }
    after = batch[batch.length - 1]?.id ?? after;
    const remaining = await db.organizationDataKey.count({ where: { kekId: { not: keyring.activeId } } });
    await input.onProgress?.({ rewrapped, remaining });
  }
  const inUse = await db.organizationDataKey.groupBy({ by: ["kekId"], orderBy: { kekId: "asc" } });
  return { activeKekId: keyring.activeId, rewrapped, kekIdsInUse: inUse.map((row) => row.kekId) };
}

/** Fails before changing anything when some data key's KEK is missing from the keyring. */
async function refuseUnknownKeks(db: PrismaClient, keyring: Keyring): Promise<void> {
  const groups = await db.organizationDataKey.groupBy({
    by: ["kekId"],
    _count: { _all: true },
    orderBy: { kekId: "asc" },
  });
  const missing = groups.filter((group) => !keyring.keys.has(group.kekId));
  if (missing.length > 0) {
    const list = missing.map((group) => `"${group.kekId}" (${group._count._all} data keys)`).join(", ");
    throw new KeyringError(
      `SKYPORT_KEK does not list ${missing.length === 1 ? "the KEK" : "the KEKs"} ${list} still wrapping data keys; ` +
        "list every old KEK after the active one until the rotation has finished",
    );
  }
}

/**
 * Re-wraps one data key under the active KEK, with the row locked so a concurrent rotation
 * cannot re-wrap it twice. The new wrapping is opened again before it is stored: a key is
 * only replaced by a wrapping known to give back the same bytes.
 */
async function rewrapDataKey(db: PrismaClient, keyring: Keyring, id: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<StoredDataKey[]>`
      SELECT "organizationId", "version", "kekId", "wrappedKey" FROM "OrganizationDataKey"
      WHERE "id" = ${id} FOR UPDATE`;
    const stored = rows[0];
    if (!stored || stored.kekId === keyring.activeId) return false;
    const dataKey = unwrapStoredDataKey(keyring, stored);
    let check: Buffer | undefined;
    try {
      const aad = dataKeyAad(stored.organizationId, stored.version, keyring.activeId);
      const wrappedKey = wrapDataKey(activeKek(keyring), aad, dataKey);
      check = unwrapDataKey(activeKek(keyring), aad, wrappedKey);
      if (!check.equals(dataKey)) throw new Error(`Re-wrapping data key ${id} did not round-trip`);
      await tx.organizationDataKey.update({ where: { id }, data: { kekId: keyring.activeId, wrappedKey } });
      return true;
    } finally {
      dataKey.fill(0);
      check?.fill(0);
    }
  });
}

import { randomUUID } from "node:crypto";
import type { Keyring } from "@skyport/config";
import { dataKeyAad } from "./aad.ts";
import { newDataKey, unwrapDataKey, wrapDataKey } from "./envelope.ts";
import { SecretDecryptionError } from "./errors.ts";
import type { DbClient } from "./types.ts";

/** An organization's data key as stored: wrapped, never in plaintext. */
export interface StoredDataKey {
  organizationId: string;
  version: number;
  kekId: string;
  wrappedKey: Uint8Array;
}

/**
 * The organization's active data key, share-locked until `tx` ends, so a data-key rotation
 * (which takes the row for update to deactivate it) waits for values being sealed with it
 * and then finds them committed. Null when the organization has no data key yet.
 */
export async function lockActiveDataKey(tx: DbClient, organizationId: string): Promise<StoredDataKey | null> {
  const rows = await tx.$queryRaw<Array<Omit<StoredDataKey, "organizationId">>>`
    SELECT "version", "kekId", "wrappedKey" FROM "OrganizationDataKey"
    WHERE "organizationId" = ${organizationId} AND "active"
    FOR SHARE`;
  const row = rows[0];
  return row ? { organizationId, ...row } : null;
}

/**
 * The active data key for sealing, creating version 1 when the organization has none.
 * Creation is race-free without a lock: the insert only happens while the organization has
 * no key at all, and two concurrent first seals meet on the (organizationId, version)
 * unique index, where the second waits for the first and then inserts nothing. A statement
 * that waited on a rotation can see no active key (the old one was just deactivated, the
 * new one is not in its snapshot); the next statement sees the new one, hence the loop.
 */
export async function activeDataKeyForSealing(
  tx: DbClient,
  organizationId: string,
  keyring: Keyring,
): Promise<StoredDataKey> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const active = await lockActiveDataKey(tx, organizationId);
    if (active) return active;
    await createFirstDataKey(tx, organizationId, keyring);
  }
  throw new Error(`Organization ${organizationId} has data keys but none is active`);
}

async function createFirstDataKey(tx: DbClient, organizationId: string, keyring: Keyring): Promise<void> {
  const wrappedKey = wrapNewDataKey(keyring, organizationId, 1);
  await tx.$executeRaw`
    INSERT INTO "OrganizationDataKey"
      ("id", "organizationId", "version", "kekId", "wrappedKey", "active", "createdAt", "updatedAt")
    SELECT ${randomUUID()}, ${organizationId}, 1, ${keyring.activeId}, ${wrappedKey}, true, now(), now()
    WHERE NOT EXISTS (SELECT 1 FROM "OrganizationDataKey" WHERE "organizationId" = ${organizationId})
    ON CONFLICT ("organizationId", "version") DO NOTHING`;
}

/** 32 fresh random bytes, wrapped under the active KEK; the plaintext is zeroed at once. */
export function wrapNewDataKey(
  keyring: Keyring,
  organizationId: string,
  version: number,
): Uint8Array<ArrayBuffer> {
  const dataKey = newDataKey();
  try {
    return wrapDataKey(activeKek(keyring), dataKeyAad(organizationId, version, keyring.activeId), dataKey);
  } finally {
    dataKey.fill(0);
  }
}

export async function findDataKey(
  tx: DbClient,
  organizationId: string,
  version: number,
): Promise<StoredDataKey | null> {
  return tx.organizationDataKey.findUnique({
    where: { organizationId_version: { organizationId, version } },
    select: { organizationId: true, version: true, kekId: true, wrappedKey: true },
  });
}

/**
 * Runs `use` with the plaintext data key and zeroes it afterwards. This is the only place a
 * data key is unwrapped, and nothing keeps it: no cache. Unwrapping is one AES-GCM operation
 * on 32 bytes (microseconds) next to the database read that fetches the wrapped key (which
 * sealing needs anyway, to lock the active version), so a cache of plaintext keys would buy
 * little and keep key material in memory for longer.
 */
export async function withDataKey<T>(
  keyring: Keyring,
  stored: StoredDataKey,
  use: (dataKey: Uint8Array) => T | Promise<T>,
): Promise<T> {
  const dataKey = unwrapStoredDataKey(keyring, stored);
  try {
    return await use(dataKey);
  } finally {
    dataKey.fill(0);
  }
}

/** Unwraps with the KEK the key names; the caller must zero the result. */
export function unwrapStoredDataKey(keyring: Keyring, stored: StoredDataKey): Buffer {
  const which = `Data key version ${stored.version} of organization ${stored.organizationId}`;
  const kek = keyring.keys.get(stored.kekId);
  if (!kek) {
    throw new SecretDecryptionError(
      `${which} is wrapped by KEK "${stored.kekId}", which SKYPORT_KEK does not list ` +
        `(listed: ${[...keyring.keys.keys()].map((id) => `"${id}"`).join(", ")}); ` +
        "add that key back after the active one, then run npm run secrets:rotate-kek",
    );
  }
  try {
    return unwrapDataKey(
      kek,
      dataKeyAad(stored.organizationId, stored.version, stored.kekId),
      stored.wrappedKey,
    );
  } catch {
    throw new SecretDecryptionError(
      `${which} could not be unwrapped with KEK "${stored.kekId}": SKYPORT_KEK holds a different key ` +
        "under that id, or the stored key was altered",
    );
  }
}

export function activeKek(keyring: Keyring): Uint8Array {
  const kek = keyring.keys.get(keyring.activeId);
  if (!kek) throw new Error(`The keyring's active KEK "${keyring.activeId}" is not among its keys`);
  return kek;
}

import type { Keyring } from "@skyport/config";
import { valueAad } from "./aad.ts";
import { activeDataKeyForSealing, findDataKey, withDataKey } from "./data-keys.ts";
import { openBytes, sealBytes, sealedDataKeyVersion } from "./envelope.ts";
import { SecretDecryptionError } from "./errors.ts";
import { sealedColumn } from "./registry.ts";
import type { DbClient, SealTarget, SecretBox } from "./types.ts";

const decoder = new TextDecoder();

/**
 * Envelope encryption of secret values: AES-256-GCM under the organization's data key, which
 * is stored wrapped by a KEK from SKYPORT_KEK. Seal in the transaction that writes the row.
 */
export function createSecretBox(options: { keyring: Keyring }): SecretBox {
  const { keyring } = options;
  return {
    async seal(tx, target, plaintext) {
      assertTarget(target);
      const dataKey = await activeDataKeyForSealing(tx, target.organizationId, keyring);
      const bytes = Buffer.from(plaintext, "utf8");
      try {
        return await withDataKey(keyring, dataKey, (key) =>
          sealBytes(key, dataKey.version, valueAad(target, dataKey.version), bytes),
        );
      } finally {
        bytes.fill(0);
      }
    },
    open(tx, target, ciphertext) {
      return openValue(tx, keyring, target, ciphertext);
    },
  };
}

/** Opens a sealed value; shared with data-key rotation, which opens and re-seals in bulk. */
export async function openValue(
  tx: DbClient,
  keyring: Keyring,
  target: SealTarget,
  ciphertext: Uint8Array,
): Promise<string> {
  assertTarget(target);
  const where = describeTarget(target);
  const version = readVersion(target, ciphertext);
  const dataKey = await findDataKey(tx, target.organizationId, version);
  if (!dataKey) {
    throw new SecretDecryptionError(
      `${where} names data key version ${version}, which its organization does not have`,
    );
  }
  return withDataKey(keyring, dataKey, (key) => openWithKey(key, target, version, ciphertext));
}

/** The data-key version a sealed value names, or a SecretDecryptionError saying where. */
export function readVersion(target: SealTarget, ciphertext: Uint8Array): number {
  try {
    return sealedDataKeyVersion(ciphertext);
  } catch {
    throw new SecretDecryptionError(`${describeTarget(target)} is not a sealed value Skyport can read`);
  }
}

/** Opens with an already unwrapped data key (inside a withDataKey closure). */
export function openWithKey(
  key: Uint8Array,
  target: SealTarget,
  version: number,
  ciphertext: Uint8Array,
): string {
  let plaintext: Buffer;
  try {
    plaintext = openBytes(key, valueAad(target, version), ciphertext);
  } catch {
    throw new SecretDecryptionError(
      `${describeTarget(target)} failed authentication: it was sealed for another organization, row, ` +
        "field or value version, or its bytes were altered",
    );
  }
  try {
    return decoder.decode(plaintext);
  } finally {
    plaintext.fill(0);
  }
}

/** Where a value lives, for error messages: ids and names only, never contents. */
export function describeTarget(target: SealTarget): string {
  return `${target.table}.${target.field} of row ${target.rowId} (value version ${target.valueVersion}, organization ${target.organizationId})`;
}

/** A malformed target is a programming error: refuse before touching keys. */
function assertTarget(target: SealTarget): void {
  if (!sealedColumn(target.table, target.field)) {
    throw new TypeError(`${target.table}.${target.field} is not a sealed column (see SEALED_COLUMNS)`);
  }
  if (!target.organizationId || !target.rowId) {
    throw new TypeError("A seal target needs an organization id and a row id");
  }
  if (!Number.isSafeInteger(target.valueVersion) || target.valueVersion < 1) {
    throw new TypeError("A seal target's valueVersion must be a positive whole number");
  }
}

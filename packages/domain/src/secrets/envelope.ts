import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// AES-256-GCM through node:crypto for both layers of the envelope: the organization's data
// key under a key-encryption key, and each value under the data key.
const CIPHER = "aes-256-gcm";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;

/** The first byte of every sealed value; a new layout would take the next number. */
export const VALUE_FORMAT = 1;
const VERSION_BYTES = 4;
/** format (1) | data-key version (4, big-endian) | nonce (12) | ciphertext | tag (16). */
const VALUE_HEADER_BYTES = 1 + VERSION_BYTES + NONCE_BYTES;
const WRAPPED_KEY_BYTES = NONCE_BYTES + DATA_KEY_BYTES + TAG_BYTES;

/** Thrown by the primitives; callers add where the bytes came from (SecretDecryptionError). */
export class EnvelopeError extends Error {
  constructor(readonly reason: "format" | "authentication") {
    super(reason === "format" ? "not a sealed value of a known format" : "authentication failed");
    this.name = "EnvelopeError";
  }
}

function encrypt(key: Uint8Array, aad: Uint8Array, plaintext: Uint8Array) {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(CIPHER, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, body, tag: cipher.getAuthTag() };
}

function decrypt(key: Uint8Array, aad: Uint8Array, nonce: Uint8Array, body: Uint8Array, tag: Uint8Array) {
  const decipher = createDecipheriv(CIPHER, key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  const plaintext = decipher.update(body);
  try {
    // GCM returns everything from update(); final() only checks the tag. Returning update's
    // own buffer (no concatenated copy) leaves one plaintext copy for the caller to zero.
    if (decipher.final().length !== 0) throw new Error("unexpected trailing plaintext");
    return plaintext;
  } catch {
    plaintext.fill(0);
    throw new EnvelopeError("authentication");
  }
}

/** A data key under a KEK: nonce (12) | encrypted key (32) | tag (16). */
export function wrapDataKey(kek: Uint8Array, aad: Uint8Array, dataKey: Uint8Array): Uint8Array<ArrayBuffer> {
  const { nonce, body, tag } = encrypt(kek, aad, dataKey);
  return new Uint8Array(Buffer.concat([nonce, body, tag]));
}

/** The plaintext data key; the caller zeroes it when done (see withDataKey). */
export function unwrapDataKey(kek: Uint8Array, aad: Uint8Array, wrapped: Uint8Array): Buffer {
  if (wrapped.length !== WRAPPED_KEY_BYTES) throw new EnvelopeError("format");
  return decrypt(
    kek,
    aad,
    wrapped.subarray(0, NONCE_BYTES),
    wrapped.subarray(NONCE_BYTES, NONCE_BYTES + DATA_KEY_BYTES),
    wrapped.subarray(NONCE_BYTES + DATA_KEY_BYTES),
  );
}

/** Encrypts a value and frames it with the data-key version that opens it. */
export function sealBytes(
  dataKey: Uint8Array,
  dataKeyVersion: number,
  aad: Uint8Array,
  plaintext: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const header = Buffer.alloc(1 + VERSION_BYTES);
  header.writeUInt8(VALUE_FORMAT, 0);
  header.writeUInt32BE(dataKeyVersion, 1);
  const { nonce, body, tag } = encrypt(dataKey, aad, plaintext);
  return new Uint8Array(Buffer.concat([header, nonce, body, tag]));
}

/** The data-key version a sealed value names (read before its key is looked up). */
export function sealedDataKeyVersion(sealed: Uint8Array): number {
  if (sealed.length < VALUE_HEADER_BYTES + TAG_BYTES || sealed[0] !== VALUE_FORMAT) {
    throw new EnvelopeError("format");
  }
  return Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length).readUInt32BE(1);
}

/** The 4 bytes after the format byte, as stored: how SQL finds values sealed with a version. */
export function encodedDataKeyVersion(version: number): Uint8Array<ArrayBuffer> {
  const bytes = Buffer.alloc(VERSION_BYTES);
  bytes.writeUInt32BE(version, 0);
  return new Uint8Array(bytes);
}

export function openBytes(dataKey: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Buffer {
  sealedDataKeyVersion(sealed);
  return decrypt(
    dataKey,
    aad,
    sealed.subarray(1 + VERSION_BYTES, VALUE_HEADER_BYTES),
    sealed.subarray(VALUE_HEADER_BYTES, sealed.length - TAG_BYTES),
    sealed.subarray(sealed.length - TAG_BYTES),
  );
}

export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

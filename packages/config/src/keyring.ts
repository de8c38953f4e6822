import { z } from "zod";

/**
 * The key-encryption keys (KEKs) from SKYPORT_KEK: comma-separated "id:base64-of-32-bytes"
 * entries, the FIRST one active. Older keys stay listed during a rotation so the data keys
 * they still wrap can be opened and re-wrapped.
 */
export interface Keyring {
  /** The id new data keys are wrapped with. */
  activeId: string;
  keys: ReadonlyMap<string, Uint8Array>;
}

/** SKYPORT_KEK is malformed. The message names the entry at fault, never its key bytes. */
export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyringError";
  }
}

export const KEK_BYTES = 32;
// Ids are stored next to every wrapped data key and printed by the rotation commands.
const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const FORMAT = "expected id:base64-of-32-bytes, e.g. kek-2025:$(openssl rand -base64 32)";

/**
 * Parses SKYPORT_KEK. Errors name the entry by position (and by id once the id is known to be
 * one), never echoing the entry itself: a malformed entry may well be a pasted raw key.
 */
export function parseKeyring(value: string): Keyring {
  const entries = value.split(",").map((entry) => entry.trim());
  if (entries.length === 1 && entries[0] === "") throw new KeyringError(`SKYPORT_KEK is empty: ${FORMAT}`);
  const keys = new Map<string, Uint8Array>();
  entries.forEach((entry, index) => {
    const position = `SKYPORT_KEK entry ${index + 1}`;
    if (entry === "") throw new KeyringError(`${position} is empty (a stray comma?)`);
    const colon = entry.indexOf(":");
    if (colon < 0) throw new KeyringError(`${position} has no key id: ${FORMAT}`);
    const id = entry.slice(0, colon);
    if (!KEY_ID.test(id)) {
      throw new KeyringError(
        `${position}: the key id must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
      );
    }
    if (keys.has(id)) throw new KeyringError(`${position}: key id "${id}" is listed twice`);
    const encoded = entry.slice(colon + 1);
    if (!BASE64.test(encoded)) {
      throw new KeyringError(`${position} (id "${id}"): the key is not valid base64 (${FORMAT})`);
    }
    const key = Buffer.from(encoded, "base64");
    if (key.length !== KEK_BYTES) {
      throw new KeyringError(
        `${position} (id "${id}"): the key must be ${KEK_BYTES} bytes, got ${key.length} (${FORMAT})`,
      );
    }
    keys.set(id, new Uint8Array(key));
  });
  const [activeId] = keys.keys();
  if (activeId === undefined) throw new KeyringError(`SKYPORT_KEK is empty: ${FORMAT}`);
  return { activeId, keys };
}

/**
 * SKYPORT_KEK as configuration: a string checked with parseKeyring, so a malformed keyring
 * stops start-up with the entry named. Processes parse it again where they build the
 * secret box (the string is what `npm start` passes on to its children).
 */
export const keyringSetting = z.string().superRefine((value, ctx) => {
  try {
    parseKeyring(value);
  } catch (error) {
    if (!(error instanceof KeyringError)) throw error;
    ctx.addIssue({ code: "custom", message: error.message.replace(/^SKYPORT_KEK /, "") });
  }
});

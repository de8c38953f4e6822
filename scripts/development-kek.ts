// The development key-encryption key: `npm start` keeps one in .skyport/kek when SKYPORT_KEK is
// unset, and the secrets commands read the same file, so a local stack and its maintenance
// commands agree without any setup. Production sets SKYPORT_KEK instead.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { STATE_DIR } from "@skyport/localstack";

export const DEVELOPMENT_KEK_FILE = path.join(STATE_DIR, "kek");

/** The kept development keyring, or null when none has been generated yet. */
export async function readDevelopmentKek(): Promise<string | null> {
  if (!existsSync(DEVELOPMENT_KEK_FILE)) return null;
  return (await readFile(DEVELOPMENT_KEK_FILE, "utf8")).trim();
}

/** The kept development keyring, generated (one key, id "dev-1") on first use. */
export async function developmentKek(say: (line: string) => void): Promise<string> {
  const kept = await readDevelopmentKek();
  if (kept) return kept;
  await mkdir(STATE_DIR, { recursive: true });
  const keyring = `dev-1:${randomBytes(32).toString("base64")}`;
  await writeFile(DEVELOPMENT_KEK_FILE, `${keyring}\n`, { mode: 0o600 });
  say(`Generated a development SKYPORT_KEK into ${DEVELOPMENT_KEK_FILE} (kept for later runs).`);
  return keyring;
}

export const DEVELOPMENT_AUDIT_KEY_FILE = path.join(STATE_DIR, "audit-signing-key.pem");

/**
 * The development audit signing key (Ed25519, PKCS#8 PEM), generated on first use into
 * .skyport/audit-signing-key.pem. Production sets SKYPORT_AUDIT_SIGNING_KEY from a secret store.
 */
export async function developmentAuditSigningKey(say: (line: string) => void): Promise<string> {
  if (existsSync(DEVELOPMENT_AUDIT_KEY_FILE)) return await readFile(DEVELOPMENT_AUDIT_KEY_FILE, "utf8");
  await mkdir(STATE_DIR, { recursive: true });
  const { privateKey } = generateKeyPairSync("ed25519");
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  await writeFile(DEVELOPMENT_AUDIT_KEY_FILE, pem, { mode: 0o600 });
  say(`Generated a development audit signing key into ${DEVELOPMENT_AUDIT_KEY_FILE} (kept for later runs).`);
  return pem;
}

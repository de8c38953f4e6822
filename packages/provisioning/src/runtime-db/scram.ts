// SCRAM-SHA-256 password verifiers in PostgreSQL's stored format (RFC 5802/7677), computed here
// so that CREATE ROLE / ALTER ROLE never carry a plaintext password: a server logging DDL
// (log_statement = ddl) would otherwise write it to its log. PostgreSQL stores a verifier given
// in this format as is, and authenticates SCRAM (and md5-method) logins against it.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";

/** PostgreSQL's default (scram_iterations). */
export const SCRAM_ITERATIONS = 4096;

export interface ScramOptions {
  readonly salt?: Buffer;
  readonly iterations?: number;
}

/** `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, all base64. */
export function scramSha256Verifier(password: string, options: ScramOptions = {}): string {
  // SASLprep of the passwords Skyport generates (URL-safe base64) is the identity; NFKC covers
  // the normalisation step for anything else passed in.
  const normalised = password.normalize("NFKC");
  const iterations = options.iterations ?? SCRAM_ITERATIONS;
  const salt = options.salt ?? randomBytes(16);
  const salted = pbkdf2Sync(normalised, salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

import { createHash, randomBytes } from "node:crypto";

/** Every Skyport API token starts with this, so secret scanners and people recognise it. */
export const API_TOKEN_PREFIX = "skp_";
const TOKEN_PATTERN = /^skp_[A-Za-z0-9_-]{43}$/;

/** A new token: 256 random bits. Only its hash is stored; the secret is shown once. */
export function generateApiTokenSecret(): { secret: string; prefix: string; secretHash: string } {
  const secret = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { secret, prefix: displayPrefix(secret), secretHash: hashApiTokenSecret(secret) };
}

/** The non-secret start of a token, shown in lists so people can tell tokens apart. */
export function displayPrefix(secret: string): string {
  return secret.slice(0, API_TOKEN_PREFIX.length + 8);
}

/** SHA-256 is enough here: the secret has 256 bits of entropy, so it cannot be guessed. */
export function hashApiTokenSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function looksLikeApiToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

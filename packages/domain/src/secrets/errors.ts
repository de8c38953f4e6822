/** Marks the error process-wide: Next.js bundles may hold several copies of this class. */
const SECRET_DECRYPTION_ERROR = Symbol.for("skyport.secretDecryptionError");

/**
 * A sealed value could not be opened: wrong row, field, version or organization, tampered
 * bytes, a missing data key, or a KEK that is not in SKYPORT_KEK. The message names where the
 * value lives and why, never the plaintext or any key material.
 */
export class SecretDecryptionError extends Error {
  readonly [SECRET_DECRYPTION_ERROR] = true;

  constructor(message: string) {
    super(message);
    this.name = "SecretDecryptionError";
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as Record<symbol, unknown>)[SECRET_DECRYPTION_ERROR] === true
    );
  }
}

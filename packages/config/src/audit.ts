import { createPrivateKey, createPublicKey } from "node:crypto";
import { z } from "zod";

function isEd25519PrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === "ed25519";
  } catch {
    return false;
  }
}

function areEd25519PublicKeys(list: string): boolean {
  return splitPemList(list).every((pem) => {
    try {
      return createPublicKey(pem).asymmetricKeyType === "ed25519";
    } catch {
      return false;
    }
  });
}

/** PEM blocks in one setting, in order (a list of public keys is several blocks back to back). */
export function splitPemList(value: string): string[] {
  return value.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];
}

/**
 * Audit log anchoring: checkpoints of each organization's chain head, signed with a key held
 * here (outside the database) and kept in the object store; optionally every event streamed to
 * a SIEM endpoint.
 */
export const auditEnvShape = {
  /**
   * Ed25519 private key (PKCS#8 PEM) that signs audit checkpoints (`openssl genpkey -algorithm
   * ed25519`). `npm start` generates one into .skyport/audit-signing-key.pem when unset; without
   * it the worker writes no checkpoints and verification says the log is not anchored.
   */
  SKYPORT_AUDIT_SIGNING_KEY: z
    .string()
    .refine(isEd25519PrivateKey, "must be an Ed25519 private key in PEM (-----BEGIN PRIVATE KEY----- …)")
    .optional(),
  /** Public keys (PEM, back to back) of retired signing keys whose checkpoints still verify. */
  SKYPORT_AUDIT_TRUSTED_KEYS: z
    .string()
    .refine(areEd25519PublicKeys, "must be Ed25519 public keys in PEM (-----BEGIN PUBLIC KEY----- …)")
    .optional(),
  /** How often the worker checkpoints changed chains, in seconds. Unset: 300. */
  SKYPORT_AUDIT_CHECKPOINT_SECONDS: z.coerce
    .number({ message: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .min(10, "must be between 10 and 86400")
    .max(86400, "must be between 10 and 86400")
    .optional(),
  /** A SIEM endpoint that receives every audit event as signed NDJSON batches (Standard Webhooks). */
  SKYPORT_AUDIT_SIEM_URL: z.url({ message: "must be an absolute http(s) URL" }).optional(),
  /** The Standard Webhooks secret (whsec_…) the SIEM batches are signed with. */
  SKYPORT_AUDIT_SIEM_SECRET: z
    .string()
    .regex(
      /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/,
      "must be a Standard Webhooks secret: whsec_ followed by base64",
    )
    .optional(),
};

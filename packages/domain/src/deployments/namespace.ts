import { randomBytes } from "node:crypto";

export const NAMESPACE_PREFIX = "skyport-";
const SHORT_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
export const SHORT_ID_LENGTH = 8;

/**
 * A fresh short id: 8 lowercase letters and digits (36^8 ≈ 2.8e12 values), DNS-safe. It names
 * the deployment's Kubernetes namespace, and through it the runtime's database and host.
 */
export function newShortId(): string {
  let id = "";
  while (id.length < SHORT_ID_LENGTH) {
    for (const byte of randomBytes(SHORT_ID_LENGTH * 2)) {
      // 252 = 7 × 36: rejecting larger bytes keeps every character equally likely.
      if (byte < 252 && id.length < SHORT_ID_LENGTH) id += SHORT_ID_ALPHABET[byte % 36];
    }
  }
  return id;
}

/** `skyport-<short id>`, fixed for the deployment's life. */
export function namespaceFor(shortId: string): string {
  return `${NAMESPACE_PREFIX}${shortId}`;
}

/** The short id inside a namespace name (`skyport-ab12cd34` → `ab12cd34`). */
export function shortIdOf(namespace: string): string {
  return namespace.startsWith(NAMESPACE_PREFIX) ? namespace.slice(NAMESPACE_PREFIX.length) : namespace;
}

/** Where a deployment's Airflow UI is served. */
export function airflowUrl(namespace: string, baseDomain: string): string {
  return `https://${namespace}.${baseDomain}`;
}

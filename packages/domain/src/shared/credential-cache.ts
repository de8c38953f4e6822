import { LRUCache } from "lru-cache";

/**
 * Credentials this process has verified, by the hash of their secret (never the secret), each
 * trusted until the earlier of `ttlMs` after it was verified and the credential's own expiry.
 * Only acceptances are kept: a refused credential is read again every time. The TTL is the bound
 * on how long a change made by another process (a revocation, a rotation) can go unnoticed
 * here; a change made in this process calls `forget` and takes effect at once. Bounded in size
 * (least recently used entries go first), so a flood of distinct credentials cannot grow it.
 */
export class VerifiedCredentialCache<Value> {
  readonly ttlMs: number;
  private readonly entries: LRUCache<string, { value: Value; until: number }>;

  constructor(options: { ttlMs: number; maxEntries?: number }) {
    this.ttlMs = options.ttlMs;
    this.entries = new LRUCache({ max: options.maxEntries ?? 10_000 });
  }

  get(hash: string, now: Date): Value | null {
    const entry = this.entries.get(hash);
    if (!entry) return null;
    if (now.getTime() >= entry.until) {
      this.entries.delete(hash);
      return null;
    }
    return entry.value;
  }

  /** Trusts `value` for the TTL from `now`, or until `expiresAt` when that comes first. */
  remember(hash: string, value: Value, now: Date, expiresAt: Date | null = null): void {
    const until = Math.min(now.getTime() + this.ttlMs, expiresAt?.getTime() ?? Number.POSITIVE_INFINITY);
    if (until > now.getTime()) this.entries.set(hash, { value, until });
  }

  /** Drops every entry whose value matches, so a change made in this process applies at once. */
  forget(matches: (value: Value) => boolean): void {
    for (const [hash, entry] of this.entries.entries()) {
      if (matches(entry.value)) this.entries.delete(hash);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

import { Redis } from "ioredis";

export { Redis };

export interface RedisConnectionOptions {
  /** BullMQ workers need `null` (block forever); request/response callers want a bound. */
  maxRetriesPerRequest?: number | null;
  /** Fail fast instead of queueing commands while disconnected (health checks). */
  enableOfflineQueue?: boolean;
  connectTimeoutMs?: number;
}

/**
 * One place that builds Redis connections. Reconnects forever with a capped back-off, so a
 * Redis restart heals without restarting Skyport.
 */
export function createRedisConnection(url: string, options: RedisConnectionOptions = {}): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? null : options.maxRetriesPerRequest,
    enableOfflineQueue: options.enableOfflineQueue ?? true,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  });
  // Errors surface through commands and health checks; an unhandled 'error' event would crash.
  redis.on("error", () => {});
  return redis;
}

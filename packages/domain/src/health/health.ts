import type { PrismaClient } from "@skyport/db";
import { HEARTBEAT_INTERVAL_MS, heartbeatKey, type Redis } from "@skyport/queue";

export type DependencyState = "ok" | "unreachable";

export interface HealthReport {
  status: "ok" | "error";
  db: DependencyState;
  redis: DependencyState;
  /** Informational: a stale worker does not make the web process unhealthy. */
  worker: "ok" | "stale" | "unknown";
  version: string;
  /** The dependencies that are down; empty when healthy. */
  failing: Array<"db" | "redis">;
}

export interface HealthDependencies {
  db: Pick<PrismaClient, "$queryRaw">;
  redis: Pick<Redis, "ping" | "get">;
  version: string;
  /** How long one probe may take before the dependency counts as down. */
  timeoutMs?: number;
  now?: () => number;
  /** The queue prefix the worker writes its heartbeat under. */
  queuePrefix?: string;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<DependencyState> {
  try {
    await withTimeout(check(), timeoutMs);
    return "ok";
  } catch {
    return "unreachable";
  }
}

/** Probes PostgreSQL and Redis (in parallel) and reads the worker's last heartbeat. */
export async function checkHealth(deps: HealthDependencies): Promise<HealthReport> {
  const timeoutMs = deps.timeoutMs ?? 2_000;
  const now = deps.now ?? Date.now;
  let heartbeat: string | null = null;
  const [db, redis] = await Promise.all([
    probe(() => deps.db.$queryRaw`SELECT 1`, timeoutMs),
    probe(async () => {
      await deps.redis.ping();
      heartbeat = await deps.redis.get(heartbeatKey(deps.queuePrefix));
    }, timeoutMs),
  ]);
  const failing = [...(db === "ok" ? [] : ["db" as const]), ...(redis === "ok" ? [] : ["redis" as const])];
  return {
    status: failing.length === 0 ? "ok" : "error",
    db,
    redis,
    worker: workerState(heartbeat, now()),
    version: deps.version,
    failing,
  };
}

function workerState(heartbeat: string | null, now: number): HealthReport["worker"] {
  if (!heartbeat) return "unknown";
  const at = Number(JSON.parse(heartbeat).at);
  if (!Number.isFinite(at)) return "unknown";
  // Three missed beats means the worker is gone or wedged.
  return now - at <= 3 * HEARTBEAT_INTERVAL_MS ? "ok" : "stale";
}

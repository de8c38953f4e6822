import { createDatabaseClient } from "@skyport/db";
import { checkHealth } from "@skyport/domain";
import { createRedisConnection, heartbeatKey } from "@skyport/queue";
import { createTestDatabase, TcpProxy, testRedis } from "@skyport/testing";
import { afterAll, describe, expect, it } from "vitest";

const { url: databaseUrl } = await createTestDatabase();
const { url: redisUrl, prefix } = testRedis();

// Real PostgreSQL and Redis, reached through TCP proxies we can cut to simulate an outage.
const pgTarget = new URL(databaseUrl);
const pgProxy = new TcpProxy(pgTarget.hostname, Number(pgTarget.port || 5432));
const redisTarget = new URL(redisUrl);
const redisProxy = new TcpProxy(redisTarget.hostname, Number(redisTarget.port || 6379));
await pgProxy.start();
await redisProxy.start();

const proxiedDbUrl = new URL(databaseUrl);
proxiedDbUrl.hostname = "127.0.0.1";
proxiedDbUrl.port = String(pgProxy.port);
const db = createDatabaseClient(proxiedDbUrl.toString(), { connectionTimeoutMs: 1_000 });
const redis = createRedisConnection(`redis://127.0.0.1:${redisProxy.port}`, {
  maxRetriesPerRequest: 1,
  enableOfflineQueue: false,
  connectTimeoutMs: 1_000,
});
await redis.connect();

afterAll(async () => {
  await db.$disconnect();
  redis.disconnect();
  await pgProxy.stop();
  await redisProxy.stop();
});

const deps = { db, redis, version: "9.9.9", timeoutMs: 1_500, queuePrefix: prefix };

async function eventually<T>(
  fn: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!accept(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    last = await fn();
  }
  return last;
}

describe("health", () => {
  it("reports ok when PostgreSQL and Redis answer", async () => {
    expect(await checkHealth(deps)).toEqual({
      status: "ok",
      db: "ok",
      redis: "ok",
      worker: "unknown",
      version: "9.9.9",
      failing: [],
    });
  });

  /** The next health answer that is ok again, once a cut connection is restored. */
  const recovered = () =>
    eventually(
      () => checkHealth(deps),
      (r) => r.status === "ok",
    );

  for (const [service, name, proxy] of [
    ["db", "PostgreSQL", pgProxy],
    ["redis", "Redis", redisProxy],
  ] as const) {
    it(`names ${service} when ${name} is down, and recovers without a new client`, async () => {
      proxy.cut();
      const down = await checkHealth(deps);
      expect(down).toMatchObject({
        status: "error",
        ...{ db: "ok", redis: "ok" },
        [service]: "unreachable",
        failing: [service],
      });
      proxy.restore();
      expect(await recovered()).toMatchObject({ status: "ok", [service]: "ok", failing: [] });
    });
  }

  it("reports the worker from its heartbeat: ok when fresh, stale when old", async () => {
    await redis.set(heartbeatKey(prefix), JSON.stringify({ at: 1_000_000, pid: 1 }));
    expect((await checkHealth({ ...deps, now: () => 1_000_000 + 10_000 })).worker).toBe("ok");
    expect((await checkHealth({ ...deps, now: () => 1_000_000 + 120_000 })).worker).toBe("stale");
  });
});

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findOnPath, RedisUnavailableError, resolveRedis } from "@skyport/localstack";
import { createRedisConnection } from "@skyport/queue";
import { describe, expect, it } from "vitest";

describe("resolveRedis", () => {
  it("uses REDIS_URL when given, starting nothing", async () => {
    const resolved = await resolveRedis({ redisUrl: "redis://cache.internal:6380" });
    expect(resolved).toMatchObject({ url: "redis://cache.internal:6380", source: "environment" });
  });

  it("explains how to get Redis when there is neither REDIS_URL nor redis-server", async () => {
    const error = await resolveRedis({ redisUrl: undefined, searchPath: "/nonexistent" }).catch((e) => e);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect(error.message).toMatch(/apt-get install -y redis-server/);
    expect(error.message).toMatch(/REDIS_URL=/);
  });

  it.runIf(findOnPath("redis-server"))(
    "starts redis-server from PATH on a free port and stops it again",
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), "skyport-redis-"));
      const resolved = await resolveRedis({ redisUrl: undefined, dataDir, ephemeral: true });
      expect(resolved.source).toBe("embedded");
      const client = createRedisConnection(resolved.url, { maxRetriesPerRequest: 1 });
      await client.connect();
      expect(await client.ping()).toBe("PONG");
      client.disconnect();
      await resolved.stop();
      const after = createRedisConnection(resolved.url, {
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        connectTimeoutMs: 500,
      });
      await expect(after.connect()).rejects.toThrow();
      after.disconnect();
    },
  );
});

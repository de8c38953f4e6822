// What a worker test file runs against: a database of its own, a Redis key prefix of its own, a
// connection for producing jobs (disconnected after the file) and the worker's base config.
import { createRedisConnection } from "@skyport/queue";
import { createTestDatabase, testRedis } from "@skyport/testing";
import { afterAll } from "vitest";

export const TEST_KEK = "worker-test:d29ya2VyLXRlc3Qta2VrLTAxMjM0NTY3ODlhYmNkZWY=";
export const TEST_PUBLIC_URL = "https://skyport.example.test";

export async function workerTestServices(secret: string) {
  const { db, url: databaseUrl } = await createTestDatabase();
  const { url: redisUrl, prefix } = testRedis();
  const redis = createRedisConnection(redisUrl, { maxRetriesPerRequest: 1 });
  await redis.connect();
  afterAll(() => redis.disconnect());
  const config = {
    REDIS_URL: redisUrl,
    DATABASE_URL: databaseUrl,
    SKYPORT_SECRET: secret,
    SKYPORT_KEK: TEST_KEK,
    SKYPORT_PUBLIC_URL: TEST_PUBLIC_URL,
    WORKER_CONCURRENCY: 2,
    WORKER_SHUTDOWN_TIMEOUT_MS: 5_000,
  };
  return { db, databaseUrl, redisUrl, prefix, redis, config };
}

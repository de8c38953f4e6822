// A connection to the file's own Redis database and fresh job producers on it, each with a key
// prefix of its own, so a test can read exactly the jobs it caused. Closed after the file.
import { createRedisConnection, JobProducer } from "@skyport/queue";
import { testRedis } from "@skyport/testing";
import { afterAll } from "vitest";

const { url: redisUrl, prefix } = testRedis();
/** The file's own Redis key prefix. */
export const queuePrefix = prefix;
const redis = createRedisConnection(redisUrl, { maxRetriesPerRequest: 1 });
await redis.connect();
const producers: JobProducer[] = [];
afterAll(async () => {
  await Promise.all(producers.map((p) => p.close()));
  redis.disconnect();
});

/** A job producer with queues of its own (own key prefix). */
export function freshProducer(): JobProducer {
  const producer = new JobProducer(redis, `${prefix}-${producers.length}`);
  producers.push(producer);
  return producer;
}

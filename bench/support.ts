// What every bench starts with: PostgreSQL (DATABASE_URL's server when set, else an embedded,
// ephemeral one) holding a database of the bench's own, cloned from the migrated template and
// dropped after; and, for the benches that need it, Redis (REDIS_URL, else a redis-server).
import { randomBytes } from "node:crypto";
import path from "node:path";
import { resolvePostgres, resolveRedis, STATE_DIR } from "@skyport/localstack";
import { cloneDatabase, dropDatabase, prepareTemplateDatabase } from "../packages/testing/src/template.ts";

export const log = (text: string) => process.stderr.write(`[bench] ${text}\n`);

export interface BenchDatabase {
  /** The bench's own database. */
  url: string;
  /** Drops the database and stops the server when the bench started it. */
  close(): Promise<void>;
}

export async function benchDatabase(): Promise<BenchDatabase> {
  const postgres = await resolvePostgres({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: path.join(STATE_DIR, "bench", `postgres-${process.pid}`),
    ephemeral: true,
    database: "postgres",
    log,
  });
  const template = await prepareTemplateDatabase(postgres.url);
  const name = `skyport_bench_${randomBytes(4).toString("hex")}`;
  const url = await cloneDatabase(postgres.url, template, name);
  return {
    url,
    async close() {
      await dropDatabase(postgres.url, name).catch(() => {});
      await postgres.stop();
    },
  };
}

export function benchRedis() {
  return resolveRedis({
    redisUrl: process.env.REDIS_URL,
    dataDir: path.join(STATE_DIR, "bench", `redis-${process.pid}`),
    ephemeral: true,
    log,
  });
}

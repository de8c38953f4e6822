// PostgreSQL and Redis for one run of the tests or of a bench, resolved the way `npm start`
// does (DATABASE_URL / REDIS_URL first, else an embedded PostgreSQL and a redis-server from
// PATH), each in a data directory of its own per process so two runs never share one.
import path from "node:path";
import { resolvePostgres, resolveRedis, STATE_DIR } from "@skyport/localstack";

type Purpose = "test" | "bench";

export function ephemeralPostgres(purpose: Purpose, log: (line: string) => void) {
  return resolvePostgres({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: path.join(STATE_DIR, purpose, `postgres-${process.pid}`),
    ephemeral: true,
    database: "postgres",
    log,
  });
}

export function ephemeralRedis(purpose: Purpose, log: (line: string) => void) {
  return resolveRedis({
    redisUrl: process.env.REDIS_URL,
    dataDir: path.join(STATE_DIR, purpose, `redis-${process.pid}`),
    ephemeral: true,
    log,
  });
}

// Vitest global setup: resolves PostgreSQL and Redis the way `npm start` does (DATABASE_URL
// / REDIS_URL first, else an embedded PostgreSQL and a redis-server from PATH), prepares
// the migrated template database, and hands the addresses to every test file.
import path from "node:path";
import { resolvePostgres, resolveRedis, STATE_DIR } from "@skyport/localstack";
import type { TestProject } from "vitest/node";
import { dropLeftoverTestDatabases, prepareTemplateDatabase } from "./template.ts";

import "./provided.ts";

export default async function setup(project: TestProject) {
  const log = (line: string) => process.stderr.write(`[test-setup] ${line}\n`);
  const postgres = await resolvePostgres({
    databaseUrl: process.env.DATABASE_URL,
    // A cluster per run, so two test runs in one checkout never share a data directory.
    dataDir: path.join(STATE_DIR, "test", `postgres-${process.pid}`),
    ephemeral: true,
    database: "postgres",
    log,
  });
  const redis = await resolveRedis({
    redisUrl: process.env.REDIS_URL,
    dataDir: path.join(STATE_DIR, "test", `redis-${process.pid}`),
    ephemeral: true,
    log,
  }).catch(async (error: unknown) => {
    await postgres.stop();
    throw error;
  });
  // Only clean up after ourselves on a server we started; a shared server may be in use.
  if (postgres.source === "embedded") await dropLeftoverTestDatabases(postgres.url);
  const started = Date.now();
  const template = await prepareTemplateDatabase(postgres.url).catch(async (error: unknown) => {
    await redis.stop();
    await postgres.stop();
    throw error;
  });
  log(`template database ${template} ready in ${Date.now() - started} ms`);
  project.provide("postgresServerUrl", postgres.url);
  project.provide("templateDatabase", template);
  project.provide("redisUrl", redis.url);
  return async () => {
    await redis.stop();
    await postgres.stop();
  };
}

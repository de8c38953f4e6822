// Vitest global setup: resolves PostgreSQL and Redis the way `npm start` does (DATABASE_URL
// / REDIS_URL first, else an embedded PostgreSQL and a redis-server from PATH), prepares
// the migrated template database, and hands the addresses to every test file.
import type { TestProject } from "vitest/node";
import { ephemeralPostgres, ephemeralRedis } from "./services.ts";
import { dropLeftoverTestDatabases, prepareTemplateDatabase } from "./template.ts";

import "./provided.ts";

export default async function setup(project: TestProject) {
  const log = (line: string) => process.stderr.write(`[test-setup] ${line}\n`);
  // A cluster per run, so two test runs in one checkout never share a data directory.
  const postgres = await ephemeralPostgres("test", log);
  const redis = await ephemeralRedis("test", log).catch(async (error: unknown) => {
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

import { randomBytes } from "node:crypto";
import { createDatabaseClient, type PrismaClient } from "@skyport/db";
import { afterAll, inject } from "vitest";
import { cloneDatabase, dropDatabase } from "./template.ts";
import { buildWorld, type Persona } from "./world.ts";
import "./provided.ts";

export * from "./audit.ts";
export * from "./lineage.ts";
export * from "./reports.ts";
export * from "./tcp-proxy.ts";
export { cloneDatabase, databaseUrlFor, dropDatabase } from "./template.ts";
export * from "./tuning.ts";
export * from "./wait.ts";
export * from "./world.ts";

export interface TestDatabase {
  /** Connection URL of this file's own database. */
  url: string;
  name: string;
  db: PrismaClient;
}

/**
 * Gives the calling test file its own database, cloned from the migrated template, and
 * drops it when the file finishes. Files therefore run in parallel without seeing each
 * other's rows.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = inject("postgresServerUrl");
  const name = `skyport_test_${randomBytes(6).toString("hex")}`;
  const url = await cloneDatabase(server, inject("templateDatabase"), name);
  const db = createDatabaseClient(url, { maxConnections: 5 });
  afterAll(async () => {
    await db.$disconnect();
    await dropDatabase(server, name);
  });
  return { url, name, db };
}

/** The Redis server for tests, plus a key prefix unique to the calling file. */
export function testRedis(): { url: string; prefix: string } {
  return { url: inject("redisUrl"), prefix: `skyport-test-${randomBytes(4).toString("hex")}` };
}

/** The PostgreSQL server tests run against (for tests that create databases themselves). */
export function testPostgresServerUrl(): string {
  return inject("postgresServerUrl");
}

/**
 * This file's own database with the world of personas in it, and `as(persona)`: the
 * `{ db, actor }` a domain read takes, as that persona.
 */
export async function worldOnTestDatabase() {
  const { db } = await createTestDatabase();
  const world = await buildWorld(db);
  return { db, world, as: (persona: Persona) => ({ db, actor: world.actor(persona) }) };
}

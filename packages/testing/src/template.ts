import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { applyMigrations, MIGRATIONS_DIR } from "@skyport/db/migrations";
import pg from "pg";

/** A hash of every migration, so a changed migration gets a fresh template. */
async function migrationsFingerprint(): Promise<string> {
  const hash = createHash("sha256");
  const entries = (await readdir(MIGRATIONS_DIR)).sort();
  for (const entry of entries) {
    const file = path.join(MIGRATIONS_DIR, entry, "migration.sql");
    try {
      hash.update(entry).update(await readFile(file));
    } catch {
      // not a migration folder
    }
  }
  return hash.digest("hex").slice(0, 12);
}

export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrlFor(serverUrl, "postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Ensures a migrated template database exists on the server and returns its name. Test
 * files clone it (CREATE DATABASE ... TEMPLATE), which takes milliseconds, instead of
 * migrating a database each.
 */
export async function prepareTemplateDatabase(serverUrl: string): Promise<string> {
  const name = `skyport_template_${await migrationsFingerprint()}`;
  return withAdmin(serverUrl, async (admin) => {
    // Serialise concurrent test runs against the same server.
    await admin.query("SELECT pg_advisory_lock(hashtext('skyport_test_template'))");
    try {
      const ready = await admin.query(
        "SELECT 1 FROM pg_database d JOIN pg_shdescription s ON s.objoid = d.oid WHERE d.datname = $1 AND s.description = 'migrated'",
        [name],
      );
      if (ready.rowCount) return name;
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      await applyMigrations({ databaseUrl: databaseUrlFor(serverUrl, name) });
      await admin.query(`COMMENT ON DATABASE ${pg.escapeIdentifier(name)} IS 'migrated'`);
      // Old templates from earlier migration sets are no longer needed.
      const stale = await admin.query(
        "SELECT datname FROM pg_database WHERE datname LIKE 'skyport\\_template\\_%' AND datname <> $1",
        [name],
      );
      for (const row of stale.rows) {
        await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(row.datname)} WITH (FORCE)`);
      }
      return name;
    } finally {
      await admin.query("SELECT pg_advisory_unlock(hashtext('skyport_test_template'))");
    }
  });
}

/** Clones the template into a new database with a unique name and returns its URL. */
export async function cloneDatabase(serverUrl: string, template: string, name: string): Promise<string> {
  await withAdmin(serverUrl, async (admin) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(
          `CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(template)}`,
        );
        return;
      } catch (error) {
        // Two clones starting at the same instant can see each other as "using" the template.
        const busy = error instanceof Error && /being accessed by other users/.test(error.message);
        if (!busy || attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 150));
      }
    }
  });
  return databaseUrlFor(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdmin(serverUrl, (admin) =>
    admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
  );
}

/** Removes databases left behind by test runs that were killed. */
export async function dropLeftoverTestDatabases(serverUrl: string): Promise<number> {
  return withAdmin(serverUrl, async (admin) => {
    const rows = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'skyport\\_test\\_%'");
    for (const row of rows.rows) {
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(row.datname)} WITH (FORCE)`);
    }
    return rows.rowCount ?? 0;
  });
}

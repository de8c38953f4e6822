import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabaseClient } from "@skyport/db";
import {
  applyMigrations,
  createMigration,
  ensureDatabaseExists,
  MIGRATIONS_DIR,
  migrationStatus,
  readMigrationList,
  SCHEMA_PATH,
} from "@skyport/db/migrations";
import { databaseUrlFor, dropDatabase, testPostgresServerUrl } from "@skyport/testing";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

const server = testPostgresServerUrl();
const created: string[] = [];
afterAll(async () => {
  for (const name of created) await dropDatabase(server, name);
});

async function emptyDatabase(): Promise<string> {
  const name = `skyport_test_${randomBytes(6).toString("hex")}`;
  created.push(name);
  const url = databaseUrlFor(server, name);
  expect(await ensureDatabaseExists(url)).toBe(true);
  return url;
}

async function tables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    return result.rows.map((r) => r.tablename);
  } finally {
    await client.end();
  }
}

describe("offline migrations (WASM schema engine)", () => {
  it("apply every migration to an empty database and record them like prisma migrate deploy", async () => {
    const url = await emptyDatabase();
    const onDisk = (await readMigrationList()).migrationDirectories.map((m) => m.path);
    expect(onDisk.length).toBeGreaterThan(0);

    expect(await migrationStatus({ databaseUrl: url })).toMatchObject({ pending: onDisk, failed: [] });
    expect(await applyMigrations({ databaseUrl: url })).toEqual(onDisk);

    expect(await tables(url)).toEqual(
      expect.arrayContaining([
        "_prisma_migrations",
        "Organization",
        "User",
        "OrganizationMembership",
        "Team",
        "TeamMembership",
        "Workspace",
        "WorkspaceRoleBinding",
        "Deployment",
        "AuditEvent",
        "ApiToken",
      ]),
    );
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const history = await client.query(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name",
    );
    await client.end();
    expect(history.rows.map((r) => r.migration_name)).toEqual(onDisk);

    // Re-running is a no-op, and the schema now matches prisma/schema.prisma exactly.
    expect(await applyMigrations({ databaseUrl: url })).toEqual([]);
    expect(await migrationStatus({ databaseUrl: url })).toEqual({ pending: [], failed: [], unknown: [] });
  });

  it("the migrations produce exactly prisma/schema.prisma: creating a migration finds no changes", async () => {
    const url = await emptyDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), "skyport-migrations-"));
    // Work on a copy so the repository's folder is never touched.
    for (const entry of await readdir(MIGRATIONS_DIR, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        const { mkdir } = await import("node:fs/promises");
        await mkdir(path.join(dir, entry.name));
        await writeFile(
          path.join(dir, entry.name, "migration.sql"),
          await readFile(path.join(MIGRATIONS_DIR, entry.name, "migration.sql")),
        );
      } else {
        await writeFile(path.join(dir, entry.name), await readFile(path.join(MIGRATIONS_DIR, entry.name)));
      }
    }
    expect(await createMigration({ databaseUrl: url, migrationsDir: dir, name: "nothing" })).toBeNull();

    // A schema change yields a new migration with the expected DDL, and it applies.
    const schema = await readFile(SCHEMA_PATH, "utf8");
    const changedSchema = path.join(dir, "schema.prisma");
    await writeFile(
      changedSchema,
      schema
        .replace('output       = "../packages/db/src/generated/prisma"', `output = "${dir}/generated"`)
        .concat("\nmodel MigrationProbe {\n  id String @id\n}\n"),
    );
    const folder = await createMigration({
      databaseUrl: url,
      migrationsDir: dir,
      schemaPath: changedSchema,
      name: "Add probe!",
    });
    expect(folder).toMatch(/\/\d{14}_add_probe$/);
    const sql = await readFile(path.join(folder ?? "", "migration.sql"), "utf8");
    expect(sql).toContain('CREATE TABLE "MigrationProbe"');
    expect(
      await applyMigrations({ databaseUrl: url, migrationsDir: dir, schemaPath: changedSchema }),
    ).toHaveLength((await readMigrationList(dir)).migrationDirectories.length);
    expect(await tables(url)).toContain("MigrationProbe");

    // Shadow databases used for the diff are dropped afterwards.
    const admin = new pg.Client({ connectionString: databaseUrlFor(server, "postgres") });
    await admin.connect();
    const shadows = await admin.query(
      "SELECT datname FROM pg_database WHERE datname LIKE 'skyport_shadow_%'",
    );
    await admin.end();
    expect(shadows.rowCount).toBe(0);
  });

  it("the database refuses UPDATE, DELETE and TRUNCATE on the audit log", async () => {
    const url = await emptyDatabase();
    await applyMigrations({ databaseUrl: url });
    const db = createDatabaseClient(url);
    try {
      await db.auditEvent.create({
        data: {
          organizationId: "org_1",
          sequence: 1,
          actorType: "SYSTEM",
          actorId: "system",
          actorLabel: "Skyport",
          action: "test.event",
          targets: [],
          context: {},
          metadata: {},
          previousHash: "",
          hash: "h1",
        },
      });
      await expect(db.auditEvent.updateMany({ data: { action: "tampered" } })).rejects.toThrow(/append-only/);
      await expect(db.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
      await expect(db.$executeRawUnsafe('TRUNCATE "AuditEvent"')).rejects.toThrow(/append-only/);
      expect(await db.auditEvent.count()).toBe(1);
    } finally {
      await db.$disconnect();
    }
  });
});

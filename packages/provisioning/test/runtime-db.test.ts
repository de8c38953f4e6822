// Metadata databases on a real PostgreSQL server (the test server, as superuser admin — and as a
// CREATEDB/CREATEROLE admin that is not a superuser). Connections as the deployments' roles show
// the isolation: a role opens its own database and nothing else.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { testPostgresServerUrl } from "@skyport/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dropMetadataDatabase,
  ensureMetadataDatabase,
  MetadataDatabaseError,
  metadataDatabaseName,
  metadataDatabaseUrl,
  rotatePassword,
  scramSha256Verifier,
} from "../src/index.ts";

const serverUrl = testPostgresServerUrl();
const tag = randomBytes(3).toString("hex");
const shortId = (name: string) => `t${tag}${name}`;
const created = new Set<string>();

function urlAs(user: string, password: string | undefined, database: string): string {
  const url = new URL(serverUrl);
  url.username = user;
  url.password = password ?? "";
  url.pathname = `/${database}`;
  return url.toString();
}

const admin = new pg.Pool({
  connectionString: urlAs(new URL(serverUrl).username, new URL(serverUrl).password, "postgres"),
  max: 4,
});

async function ensure(id: string, password?: string) {
  created.add(id);
  return ensureMetadataDatabase(admin, { deploymentShortId: id, ...(password ? { password } : {}) });
}

/** Connects as `user` to `database` and runs `sql`; the error if it fails. */
async function runAs(user: string, password: string | undefined, database: string, sql: string) {
  const client = new pg.Client({ connectionString: urlAs(user, password, database) });
  try {
    await client.connect();
    return await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

async function catalogState(name: string) {
  const { rows } = await admin.query(
    `SELECT (SELECT count(*)::int FROM pg_database WHERE datname = $1) AS databases,
            (SELECT count(*)::int FROM pg_roles WHERE rolname = $1) AS roles,
            (SELECT xmin::text FROM pg_database WHERE datname = $1) AS database_version,
            (SELECT xmin::text FROM pg_authid WHERE rolname = $1) AS role_version,
            (SELECT rolpassword FROM pg_authid WHERE rolname = $1) AS verifier,
            (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1) AS owner,
            EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)
              AND has_database_privilege('public', $1, 'CONNECT') AS public_connect`,
    [name],
  );
  return rows[0] as {
    databases: number;
    roles: number;
    database_version: string;
    role_version: string;
    verifier: string;
    owner: string;
    public_connect: boolean;
  };
}

// A SCRAM-SHA-256 exchange with node-postgres' own client implementation on one side and the
// stored verifier on the other: the login PostgreSQL would perform under password auth (the
// test server trusts local connections, so a real login would not check the password).
const sasl = createRequire(import.meta.url)("pg/lib/crypto/sasl.js") as {
  startSession(mechanisms: string[]): { clientNonce: string; response: string };
  continueSession(session: object, password: string, serverData: string): Promise<void>;
  finalizeSession(session: object, serverData: string): void;
};

async function passwordMatches(verifier: string, password: string): Promise<boolean> {
  const parsed = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier);
  if (!parsed) throw new Error("not a SCRAM-SHA-256 verifier");
  const [, iterations, salt, storedKey = "", serverKey = ""] = parsed;
  const session = sasl.startSession(["SCRAM-SHA-256"]);
  const serverFirst = `r=${session.clientNonce}${randomBytes(18).toString("base64")},s=${salt},i=${iterations}`;
  await sasl.continueSession(session, password, serverFirst);
  const withoutProof = session.response.replace(/,p=[^,]+$/, "");
  const proof = Buffer.from(/,p=([^,]+)$/.exec(session.response)?.[1] ?? "", "base64");
  const authMessage = `n=*,r=${session.clientNonce},${serverFirst},${withoutProof}`;
  const stored = Buffer.from(storedKey, "base64");
  const signature = createHmac("sha256", stored).update(authMessage).digest();
  const clientKey = Buffer.from(proof.map((byte, i) => byte ^ (signature[i] ?? 0)));
  if (!createHash("sha256").update(clientKey).digest().equals(stored)) return false;
  const serverSignature = createHmac("sha256", Buffer.from(serverKey, "base64")).update(authMessage).digest();
  sasl.finalizeSession(session, `v=${serverSignature.toString("base64")}`);
  return true;
}

afterAll(async () => {
  for (const id of created) await dropMetadataDatabase(admin, { deploymentShortId: id }).catch(() => {});
  await admin.end();
});

describe("scramSha256Verifier", () => {
  it("produces a verifier a SCRAM client login accepts for the password and no other", async () => {
    const verifier = scramSha256Verifier("correct horse");
    expect(verifier).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*:[A-Za-z0-9+/]+=*$/);
    expect(await passwordMatches(verifier, "correct horse")).toBe(true);
    expect(await passwordMatches(verifier, "correct horsf")).toBe(false);
    // A fresh salt every time: equal passwords do not give equal verifiers.
    expect(scramSha256Verifier("correct horse")).not.toBe(verifier);
  });
});

describe("ensureMetadataDatabase", () => {
  const a = shortId("aa");
  const b = shortId("bb");
  let passwordA = "";
  let passwordB = "";

  beforeAll(async () => {
    const first = await ensure(a);
    const second = await ensure(b);
    expect(first).toMatchObject({ createdRole: true, createdDatabase: true, role: `skyport_rt_${a}` });
    expect(second).toMatchObject({ createdRole: true, createdDatabase: true });
    passwordA = first.password ?? "";
    passwordB = second.password ?? "";
    expect(passwordA).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("creates a login role owning its own database, closed to PUBLIC, with the password as SCRAM", async () => {
    const state = await catalogState(metadataDatabaseName(a));
    expect(state).toMatchObject({ databases: 1, roles: 1, owner: `skyport_rt_${a}`, public_connect: false });
    expect(state.verifier.startsWith("SCRAM-SHA-256$")).toBe(true);
    expect(await passwordMatches(state.verifier, passwordA)).toBe(true);
    const { rows } = await admin.query(
      "SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolinherit FROM pg_roles WHERE rolname = $1",
      [`skyport_rt_${a}`],
    );
    expect(rows[0]).toEqual({
      rolcanlogin: true,
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolinherit: true,
    });
  });

  it("lets deployment A's role use A's database, and creates tables there", async () => {
    const name = metadataDatabaseName(a);
    const result = await runAs(name, passwordA, name, "SELECT current_user AS who, current_database() AS db");
    expect(result.rows[0]).toEqual({ who: name, db: name });
    await runAs(name, passwordA, name, "CREATE TABLE dag_run (id int primary key)");
  });

  it("refuses deployment A's role a connection to B's database", async () => {
    const error = await runAs(metadataDatabaseName(a), passwordA, metadataDatabaseName(b), "SELECT 1").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(`permission denied for database "${metadataDatabaseName(b)}"`);
    expect((error as { code?: string }).code).toBe("42501");
    // And the other way round.
    await expect(
      runAs(metadataDatabaseName(b), passwordB, metadataDatabaseName(a), "SELECT 1"),
    ).rejects.toThrow(`permission denied for database "${metadataDatabaseName(a)}"`);
  });

  it("gives deployment A's role no power to create databases or roles", async () => {
    const name = metadataDatabaseName(a);
    await expect(runAs(name, passwordA, name, `CREATE DATABASE ${name}_extra`)).rejects.toThrow(
      "permission denied to create database",
    );
    await expect(runAs(name, passwordA, name, `CREATE ROLE ${name}_extra`)).rejects.toThrow(
      "permission denied to create role",
    );
  });

  it("is a no-op when run again: no catalog row changes, no new password", async () => {
    const before = await catalogState(metadataDatabaseName(a));
    const again = await ensure(a);
    expect(again).toEqual({
      role: metadataDatabaseName(a),
      database: metadataDatabaseName(a),
      createdRole: false,
      createdDatabase: false,
    });
    expect(await catalogState(metadataDatabaseName(a))).toEqual(before);
  });

  it("completes what a crash left half done", async () => {
    // Role created, then a crash before the database.
    const id = shortId("cc");
    const name = metadataDatabaseName(id);
    created.add(id);
    await admin.query(`CREATE ROLE ${name} LOGIN`);
    const resumed = await ensure(id);
    expect(resumed).toMatchObject({ createdRole: false, createdDatabase: true });
    expect(resumed.password).toBeUndefined();
    expect(await catalogState(name)).toMatchObject({
      databases: 1,
      roles: 1,
      owner: name,
      public_connect: false,
    });

    // Database created, then a crash before CONNECT was revoked from PUBLIC.
    await admin.query(`GRANT ALL ON DATABASE ${name} TO PUBLIC`);
    expect((await catalogState(name)).public_connect).toBe(true);
    await ensure(id);
    expect((await catalogState(name)).public_connect).toBe(false);
  });

  it("creates the role with the password given, for a Secret that outlived its role", async () => {
    const id = shortId("dd");
    const result = await ensure(id, "kept-in-the-namespace-secret-0123456789");
    expect(result.password).toBe("kept-in-the-namespace-secret-0123456789");
    const state = await catalogState(metadataDatabaseName(id));
    expect(await passwordMatches(state.verifier, "kept-in-the-namespace-secret-0123456789")).toBe(true);
  });

  it("creates exactly one role and database when runs race", async () => {
    const id = shortId("ee");
    const results = await Promise.all([ensure(id), ensure(id), ensure(id), ensure(id)]);
    expect(results.filter((r) => r.createdRole)).toHaveLength(1);
    expect(results.filter((r) => r.createdDatabase)).toHaveLength(1);
    expect(await catalogState(metadataDatabaseName(id))).toMatchObject({ databases: 1, roles: 1 });
  });

  it("refuses to adopt a database someone else owns", async () => {
    const id = shortId("ff");
    created.add(id);
    await admin.query(`CREATE DATABASE ${metadataDatabaseName(id)}`);
    await expect(ensure(id)).rejects.toThrow(/exists but is owned by/);
  });

  it("quotes names, and refuses short ids that are not DNS labels", async () => {
    const id = `${shortId("g")}-h`;
    const result = await ensure(id);
    expect(result.database).toBe(`skyport_rt_${id}`);
    expect(await catalogState(result.database)).toMatchObject({ databases: 1, roles: 1 });
    await expect(ensure('x"; DROP ROLE postgres; --')).rejects.toBeInstanceOf(MetadataDatabaseError);
  });
});

describe("rotatePassword", () => {
  it("sets a new password the role then logs in with; the old one stops matching", async () => {
    const id = shortId("rr");
    const { password: old = "" } = await ensure(id);
    const fresh = await rotatePassword(admin, { deploymentShortId: id });
    expect(fresh).not.toBe(old);
    const { verifier } = await catalogState(metadataDatabaseName(id));
    expect(await passwordMatches(verifier, fresh)).toBe(true);
    expect(await passwordMatches(verifier, old)).toBe(false);
  });
});

describe("dropMetadataDatabase", () => {
  it("ends the role's sessions and removes database and role; again, it finds nothing", async () => {
    const id = shortId("xx");
    const { password } = await ensure(id);
    const name = metadataDatabaseName(id);
    const session = new pg.Client({ connectionString: urlAs(name, password, name) });
    session.on("error", () => {});
    await session.connect();
    expect(await dropMetadataDatabase(admin, { deploymentShortId: id })).toEqual({
      droppedDatabase: true,
      droppedRole: true,
    });
    expect(await catalogState(name)).toMatchObject({ databases: 0, roles: 0 });
    await expect(session.query("SELECT 1")).rejects.toThrow();
    await session.end().catch(() => {});
    expect(await dropMetadataDatabase(admin, { deploymentShortId: id })).toEqual({
      droppedDatabase: false,
      droppedRole: false,
    });
  });
});

describe("with an admin that has CREATEDB and CREATEROLE but is not a superuser", () => {
  const adminRole = `skyport_rt_admin_${tag}`;
  let limited: pg.Pool;

  beforeAll(async () => {
    const password = randomBytes(16).toString("hex");
    await admin.query(`CREATE ROLE ${adminRole} LOGIN CREATEDB CREATEROLE PASSWORD '${password}'`);
    limited = new pg.Pool({ connectionString: urlAs(adminRole, password, "postgres"), max: 2 });
  });
  afterAll(async () => {
    await limited.end();
    await admin.query(`DROP ROLE IF EXISTS ${adminRole}`);
  });

  it("creates, isolates and drops a deployment's database the same way", async () => {
    const id = shortId("na");
    const name = metadataDatabaseName(id);
    created.add(id);
    const result = await ensureMetadataDatabase(limited, { deploymentShortId: id });
    expect(result).toMatchObject({ createdRole: true, createdDatabase: true });
    expect(await catalogState(name)).toMatchObject({ owner: name, public_connect: false });
    expect(await ensureMetadataDatabase(limited, { deploymentShortId: id })).toMatchObject({
      createdRole: false,
      createdDatabase: false,
    });
    await rotatePassword(limited, { deploymentShortId: id });
    expect(await dropMetadataDatabase(limited, { deploymentShortId: id })).toEqual({
      droppedDatabase: true,
      droppedRole: true,
    });
    expect(await catalogState(name)).toMatchObject({ databases: 0, roles: 0 });
  });
});

describe("metadataDatabaseUrl", () => {
  it("builds the URL Airflow connects with, bracketing IPv6 hosts", () => {
    const database = { role: "skyport_rt_ab12cd34", database: "skyport_rt_ab12cd34" };
    expect(metadataDatabaseUrl(database, "pw_-x", { host: "10.0.0.5", port: 5432 })).toBe(
      "postgresql://skyport_rt_ab12cd34:pw_-x@10.0.0.5:5432/skyport_rt_ab12cd34",
    );
    expect(metadataDatabaseUrl(database, "pw", { host: "fd00::5", port: 6432 })).toBe(
      "postgresql://skyport_rt_ab12cd34:pw@[fd00::5]:6432/skyport_rt_ab12cd34",
    );
    // The admin connection's TLS requirement applies to the pods' connections too.
    expect(
      metadataDatabaseUrl(database, "pw", { host: "db.internal", port: 5432, sslmode: "verify-full" }),
    ).toBe("postgresql://skyport_rt_ab12cd34:pw@db.internal:5432/skyport_rt_ab12cd34?sslmode=verify-full");
  });
});

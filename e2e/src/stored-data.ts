// Readers for everything Skyport stores, as labelled text for a leak search: a plain-SQL pg_dump of
// its database (one piece per table's data), the audit rows, every Redis key and value, and every
// file under a directory.
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";
import type { Received } from "./transcript.ts";

const run = promisify(execFile);

/** The major version of the pg_dump on PATH, or undefined when there is none. */
export async function pgDumpMajorVersion(): Promise<number | undefined> {
  try {
    const { stdout } = await run("pg_dump", ["--version"]);
    const match = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The server's major version, or undefined when it cannot be reached. */
export async function serverMajorVersion(url: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version_num: string }>("SHOW server_version_num");
    return Math.floor(Number(rows[0]?.server_version_num) / 10_000);
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The whole database as plain SQL (schema and data), split where each table's data starts so a
 * finding names its table: "pg_dump COPY public."AuditEvent" …".
 */
export async function dumpDatabase(url: string): Promise<Received[]> {
  const { stdout } = await run("pg_dump", ["--format=plain", "--no-owner", "--no-privileges", url], {
    maxBuffer: 512 * 1024 * 1024,
    encoding: "utf8",
  });
  return stdout.split(/^(?=COPY )/m).map((piece) => {
    const firstLine = piece.slice(0, piece.indexOf("\n") === -1 ? piece.length : piece.indexOf("\n"));
    const where = firstLine.startsWith("COPY ")
      ? `pg_dump ${firstLine.replace(/\(.*$/, "").trim()}`
      : "pg_dump (schema)";
    return { where, text: piece };
  });
}

/** Every audit row, every column, one text per row. */
export async function auditRows(url: string): Promise<Received[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, unknown>>(
      'SELECT * FROM "AuditEvent" ORDER BY "organizationId", sequence',
    );
    return rows.map((row) => ({
      where: `AuditEvent ${String(row.id)} (${String(row.action)})`,
      text: JSON.stringify(row),
    }));
  } finally {
    await client.end();
  }
}

const latin1 = (value: Buffer | string) => (typeof value === "string" ? value : value.toString("latin1"));

/** One Redis key's value as text, read the way its type needs. */
async function readKey(redis: Redis, key: Buffer, type: string): Promise<string> {
  switch (type) {
    case "string":
      return latin1((await redis.getBuffer(key)) ?? "");
    case "hash": {
      const hash = await redis.hgetallBuffer(key);
      return Object.entries(hash)
        .map(([field, value]) => `${field}=${latin1(value)}`)
        .join("\n");
    }
    case "list":
      return (await redis.lrangeBuffer(key, 0, -1)).map(latin1).join("\n");
    case "set":
      return (await redis.smembersBuffer(key)).map(latin1).join("\n");
    case "zset":
      return (await redis.zrangeBuffer(key, 0, -1, "WITHSCORES")).map(latin1).join("\n");
    case "stream": {
      const entries = await redis.xrangeBuffer(key, "-", "+");
      return entries.map(([id, fields]) => `${latin1(id)} ${fields.map(latin1).join(" ")}`).join("\n");
    }
    default:
      throw new Error(`redis key ${latin1(key)} has type ${type}, which this reader does not know`);
  }
}

/** Every key of the Redis server (all databases it has keys in), with its type and value. */
export async function redisKeyspace(url: string): Promise<Received[]> {
  const received: Received[] = [];
  const admin = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await admin.connect();
  const keyspace = String(await admin.info("keyspace"));
  admin.disconnect();
  const databases = [...keyspace.matchAll(/^db(\d+):keys=(\d+)/gm)].map((m) => Number(m[1]));
  for (const db of databases) {
    const redis = new Redis(url, { db, lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scanBuffer(cursor, "COUNT", 500);
        cursor = latin1(next);
        for (const key of keys) {
          const type = await redis.type(key);
          if (type === "none") continue; // expired between SCAN and TYPE
          received.push({
            where: `redis db ${db} ${type} key ${JSON.stringify(latin1(key))}`,
            text: `${latin1(key)}\n${await readKey(redis, key, type)}`,
          });
        }
      } while (cursor !== "0");
    } finally {
      redis.disconnect();
    }
  }
  return received;
}

/** Every regular file under `dir` (recursively), as bytes read 1:1 into text. */
export async function filesUnder(dir: string, label: string): Promise<Received[]> {
  const received: Received[] = [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    received.push({
      where: `${label} ${path.relative(dir, file)}`,
      text: latin1(await readFile(file)),
    });
  }
  return received;
}

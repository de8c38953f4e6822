import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";

export type { Prisma } from "./generated/prisma/client.ts";
export { PrismaClient };

export interface DatabaseClientOptions {
  /** Connection pool size; Skyport's processes are small, so keep it modest. */
  maxConnections?: number;
  /** How long to wait for a pooled connection before failing a query. */
  connectionTimeoutMs?: number;
}

/**
 * Creates a Prisma client over node-postgres. The pool reconnects on its own after the
 * server comes back, so a restarted PostgreSQL needs no Skyport restart.
 */
export function createDatabaseClient(databaseUrl: string, options: DatabaseClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg(
    {
      connectionString: databaseUrl,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    },
    {
      // Idle clients that lose their server emit 'error'; without a listener Node would crash.
      onPoolError: () => {},
      onConnectionError: () => {},
    },
  );
  return new PrismaClient({ adapter });
}

/** The transaction client handed to `db.$transaction(async (tx) => ...)`. */
export type TransactionClient = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client.ts";

export type { Prisma } from "./generated/prisma/client.ts";
/** Tagged SQL for the few reads written by hand (`$queryRaw`): parameters stay parameters. */
export { empty as emptySql, sql } from "./generated/prisma/internal/prismaNamespace.ts";
export { PrismaClient };

/** Connections per process unless told otherwise; Skyport's processes are small. */
export const DEFAULT_MAX_CONNECTIONS = 10;
/**
 * How long a query waits for a pooled connection. Generous on purpose: under a burst, requests
 * queue for a connection (each holds one for a few milliseconds) instead of failing; only a
 * pool that stays saturated this long fails, and the entry points answer that 503.
 */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 30_000;

export interface DatabaseClientOptions {
  /** Connection pool size. */
  maxConnections?: number;
  /** How long to wait for a pooled connection before failing a query. */
  connectionTimeoutMs?: number;
  /**
   * Called after each statement run outside a transaction, with its SQL, its parameters and
   * the number of rows it returned: lets a test assert what a query really read.
   */
  onStatement?: (statement: ExecutedStatement) => void;
}

export interface ExecutedStatement {
  sql: string;
  params: readonly unknown[];
  /** Rows the database returned (or affected). */
  rows: number;
}

/** A pool that reports each statement the Prisma adapter runs on it (outside transactions). */
function observedPool(config: pg.PoolConfig, onStatement: (statement: ExecutedStatement) => void): pg.Pool {
  class ObservedPool extends pg.Pool {
    // biome-ignore lint/suspicious/noExplicitAny: node-postgres' overloads, passed through as they are
    override query(...args: any[]): any {
      // biome-ignore lint/suspicious/noExplicitAny: see above
      const result = (super.query as (...a: any[]) => any)(...args);
      const [config] = args;
      if (result instanceof Promise && typeof config === "object" && config && "text" in config) {
        return result.then((answer: pg.QueryResult) => {
          onStatement({ sql: config.text, params: config.values ?? [], rows: answer.rowCount ?? 0 });
          return answer;
        });
      }
      return result;
    }
  }
  return new ObservedPool(config);
}

/**
 * Creates a Prisma client over node-postgres. The pool reconnects on its own after the
 * server comes back, so a restarted PostgreSQL needs no Skyport restart.
 */
export function createDatabaseClient(databaseUrl: string, options: DatabaseClientOptions = {}): PrismaClient {
  const config: pg.PoolConfig = {
    connectionString: databaseUrl,
    max: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
  };
  const pool = options.onStatement ? observedPool(config, options.onStatement) : new pg.Pool(config);
  const adapter = new PrismaPg(pool, {
    // Idle clients that lose their server emit 'error'; without a listener Node would crash.
    // The pool is ours: end it with the client.
    disposeExternalPool: true,
    onPoolError: () => {},
    onConnectionError: () => {},
  });
  const client = new PrismaClient({ adapter });
  pools.set(client, pool);
  return client;
}

const pools = new WeakMap<PrismaClient, pg.Pool>();

/**
 * The node-postgres pool under a client made by createDatabaseClient (undefined for any other),
 * for the rare hot statement whose cost is Prisma's own, not the database's: the lineage raw
 * store's group-commit INSERT costs about half the CPU per row through $queryRaw.
 */
export function pgPoolOf(client: PrismaClient): pg.Pool | undefined {
  return pools.get(client);
}

/**
 * Whether a failure is the connection pool staying saturated (no connection within the
 * timeout) or the server refusing more connections: overload, answered 503 with Retry-After,
 * never a 500.
 */
export function isDatabaseOverloaded(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause && depth < 5; depth += 1) {
    const { message, code } = cause as { message?: unknown; code?: unknown };
    if (
      typeof message === "string" &&
      /timeout exceeded when trying to connect|too many clients/i.test(message)
    )
      return true;
    if (code === "53300") return true; // too_many_connections
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/** The transaction client handed to `db.$transaction(async (tx) => ...)`. */
export type TransactionClient = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

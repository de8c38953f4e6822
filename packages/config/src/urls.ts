import { z } from "zod";

/** A URL string whose scheme is one of `protocols` (e.g. "redis:") and that names a host. */
export function serviceUrl(protocols: readonly string[], message: string) {
  return z.string().refine((value) => {
    try {
      const url = new URL(value);
      return protocols.includes(url.protocol) && url.hostname !== "";
    } catch {
      return false;
    }
  }, message);
}

const POSTGRES_PROTOCOLS = ["postgresql:", "postgres:"] as const;

/** A PostgreSQL URL; `database` is the name the example in the message shows. */
export const postgresUrl = (database: string) =>
  serviceUrl(
    POSTGRES_PROTOCOLS,
    `must be a PostgreSQL URL like postgresql://user:password@host:5432/${database}`,
  );

import { z } from "zod";
import { auditEnvShape } from "./audit.ts";
import { billingEnvShape, requireWholeBillingGroup } from "./billing.ts";
import { clerkEnvShape, requireWholeClerkGroup } from "./clerk.ts";
import { deploymentEnvShape } from "./deployments.ts";
import { keyringSetting } from "./keyring.ts";
import { mailEnvShape, requireWholeMailGroup } from "./mail.ts";
import { objectStoreEnvShape } from "./object-store.ts";
import { provisioningEnvShape } from "./provisioning.ts";
import { postgresUrl as postgresUrlOf, serviceUrl } from "./urls.ts";
import { wholeNumberBetween } from "./whole-number.ts";

export * from "./audit.ts";
export * from "./billing.ts";
export * from "./billing-plans.ts";
export * from "./clerk.ts";
export * from "./deployments.ts";
export * from "./keyring.ts";
export * from "./mail.ts";
export * from "./object-store.ts";
export * from "./provisioning.ts";
export { z };

/** A configuration problem: every variable that is missing or malformed, by name. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly issues: ReadonlyArray<{ variable: string; message: string }>,
  ) {
    super(
      `${service}: invalid configuration\n${issues.map((i) => `  - ${i.variable}: ${i.message}`).join("\n")}\n` +
        "See .env.example for every setting Skyport reads.",
    );
    this.name = "ConfigError";
  }
}

/**
 * Validates an environment against a zod object schema. Returns the typed config or throws
 * a ConfigError naming every variable at fault (not only the first). Values are never
 * echoed back, since they may be secrets.
 */
export function parseConfig<S extends z.ZodObject>(
  service: string,
  schema: S,
  env: Record<string, string | undefined>,
): z.infer<S> {
  // Treat empty strings like unset variables: `FOO=` in a shell usually means "no value".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? "(environment)");
    // An absent variable reads "is required"; rules spanning several variables (a
    // half-configured Clerk group) keep their own message, which says why.
    return {
      variable,
      message: variable in cleaned || issue.code === "custom" ? issue.message : "is required",
    };
  });
  throw new ConfigError(service, issues);
}

/**
 * For a process entry point: parse, or print the problem and exit with status 78
 * (EX_CONFIG) so supervisors can tell a configuration error from a crash.
 */
export function loadConfigOrExit<S extends z.ZodObject>(
  service: string,
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  try {
    return parseConfig(service, schema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}

const postgresUrl = postgresUrlOf("database");

const redisUrl = serviceUrl(["redis:", "rediss:"], "must be a Redis URL like redis://host:6379");

const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/** Settings every Skyport process shares. */
export const sharedEnvSchema = z.object({
  DATABASE_URL: postgresUrl,
  REDIS_URL: redisUrl,
  LOG_LEVEL: logLevel.default("info"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /**
   * Signs session cookies and invitation links. `npm start` generates one into
   * .skyport/secret when unset; production must set it (and keep it stable).
   */
  SKYPORT_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -base64 48`)"),
  /**
   * Key-encryption keys for stored secrets: "id:base64-of-32-bytes", comma-separated, the
   * first active. `npm start` generates one into .skyport/kek when unset; production must
   * set it, and keep every key that still wraps data keys until a KEK rotation has run.
   */
  SKYPORT_KEK: keyringSetting,
  /**
   * How long raw OpenLineage events are kept (days, by event time): ingest refuses older
   * events, and the worker drops month partitions past it. Unset: 90.
   */
  SKYPORT_LINEAGE_RETENTION_DAYS: z.coerce
    .number({ message: "must be a number of days" })
    .int("must be a whole number of days")
    .min(1, "must be at least 1 day")
    .max(3650, "must be at most 3650 days")
    .optional(),
  /** The URL people reach the console at; used in links (emails, CLI hints). */
  SKYPORT_PUBLIC_URL: z
    .url({ message: "must be an absolute URL like https://skyport.example.com" })
    .optional(),
  ...auditEnvShape,
});

const port = z.coerce
  .number({ message: "must be a port number" })
  .int("must be a whole number")
  .min(1, "must be between 1 and 65535")
  .max(65535, "must be between 1 and 65535");

const webEnvObject = sharedEnvSchema.extend({
  PORT: port.default(3000),
  /**
   * How many reverse proxies (load balancer, ingress) sit in front of the console and append
   * to X-Forwarded-For. The client address is read that many entries from the end, so a
   * client cannot choose the address Skyport records and rate-limits by.
   */
  SKYPORT_TRUSTED_PROXIES: wholeNumberBetween(0, 10).default(0),
  ...clerkEnvShape,
  ...mailEnvShape,
  ...deploymentEnvShape,
  ...objectStoreEnvShape,
  ...billingEnvShape,
});

/** The web console and API. */
export const webEnvSchema = webEnvObject
  .superRefine(requireWholeClerkGroup, { when: () => true })
  .superRefine(requireWholeMailGroup, { when: () => true })
  .superRefine(requireWholeBillingGroup, { when: () => true });

/** The BullMQ worker. */
export const workerEnvSchema = sharedEnvSchema
  .extend({
    WORKER_CONCURRENCY: z.coerce
      .number({ message: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(64, "must be at most 64")
      .default(4),
    /** How long a graceful shutdown waits for active jobs before giving up. */
    WORKER_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
    ...mailEnvShape,
    ...deploymentEnvShape,
    ...provisioningEnvShape,
    ...objectStoreEnvShape,
    ...billingEnvShape,
  })
  .superRefine(requireWholeMailGroup, { when: () => true })
  .superRefine(requireWholeBillingGroup, { when: () => true })
  .superRefine(
    (env, ctx) => {
      if (Boolean(env.SKYPORT_AUDIT_SIEM_URL) === Boolean(env.SKYPORT_AUDIT_SIEM_SECRET)) return;
      const missing = env.SKYPORT_AUDIT_SIEM_URL ? "SKYPORT_AUDIT_SIEM_SECRET" : "SKYPORT_AUDIT_SIEM_URL";
      ctx.addIssue({
        code: "custom",
        path: [missing],
        message: "is required when the other SKYPORT_AUDIT_SIEM_ setting is set",
      });
    },
    { when: () => true },
  );

export type SharedEnv = z.infer<typeof sharedEnvSchema>;
export type WebEnv = z.infer<typeof webEnvSchema>;
export type WorkerEnv = z.infer<typeof workerEnvSchema>;

/**
 * `npm start` (the local launcher): DATABASE_URL and REDIS_URL are optional there, since it
 * starts an embedded PostgreSQL and a local redis-server when they are absent.
 */
export const launcherEnvSchema = webEnvObject
  .extend({
    DATABASE_URL: postgresUrl.optional(),
    REDIS_URL: redisUrl.optional(),
    SKYPORT_SECRET: webEnvObject.shape.SKYPORT_SECRET.optional(),
    SKYPORT_KEK: keyringSetting.optional(),
    /** Interface the console listens on; 0.0.0.0 to reach it from other machines. */
    HOST: z.string().min(1).default("127.0.0.1"),
    /** Passed to the worker; `npm start` defaults it to `auto` (local runtimes without a cluster). */
    SKYPORT_RUNTIME: provisioningEnvShape.SKYPORT_RUNTIME,
  })
  .superRefine(requireWholeClerkGroup, { when: () => true })
  .superRefine(requireWholeMailGroup, { when: () => true })
  .superRefine(requireWholeBillingGroup, { when: () => true });
export type LauncherEnv = z.infer<typeof launcherEnvSchema>;

/**
 * The secrets maintenance commands (`npm run secrets:rotate-kek`, `secrets:rotate-data-key`):
 * Skyport's database and the keyring, nothing else.
 */
export const secretsToolEnvSchema = z.object({
  DATABASE_URL: postgresUrl,
  SKYPORT_KEK: keyringSetting,
});
export type SecretsToolEnv = z.infer<typeof secretsToolEnvSchema>;

import path from "node:path";
import {
  type ClerkSessionResolver,
  createAuth,
  createClerkSessionResolver,
  type SkyportAuth,
} from "@skyport/auth";
import { clerkSettings, loadConfigOrExit, type WebEnv, webEnvSchema } from "@skyport/config";
import { createDatabaseClient, type PrismaClient } from "@skyport/db";
import {
  type AuditAnchors,
  auditAnchorKeys,
  type BillingRuntime,
  billingRuntimeOf,
  createSecretBox,
  type DeployServices,
  parseKeyring,
  type SecretBox,
  skyportVersion,
} from "@skyport/domain";
import { createLogger, type Logger } from "@skyport/logger";
import { type ObjectStore, objectStoreFromEnvironment } from "@skyport/object-store";
import { createRedisConnection, JobProducer, type Redis } from "@skyport/queue";

/**
 * Everything the web process talks to, built once from validated configuration. Route
 * handlers and tRPC procedures receive this instead of reading the environment.
 */
export interface WebServices {
  config: WebEnv;
  logger: Logger;
  db: PrismaClient;
  /** For request/response use: fails fast while Redis is down instead of queueing. */
  redis: Redis;
  jobs: JobProducer;
  /** Local accounts: sessions and sign-in. */
  auth: SkyportAuth;
  /** Hosted mode: resolves Clerk session cookies to Skyport users; null with local accounts. */
  clerkSessions: ClerkSessionResolver | null;
  /** Seals and opens secret values (envelope encryption under SKYPORT_KEK). */
  secrets: SecretBox;
  /** Where DAG bundles are kept, and how big they may be. */
  deploys: DeployServices & { objectStore: ObjectStore };
  /** Where signed audit checkpoints are read from; null when no signing or trusted key is configured. */
  auditAnchors: AuditAnchors | null;
  /** Key prefix in Redis for queues and rate-limit counters (tests use their own). */
  redisPrefix: string;
  version: string;
  /** Stripe billing; null when billing is off (nothing is limited). */
  billing: (BillingRuntime & { webhookSecret: string }) | null;
  /**
   * Settles (never rejects) once Redis' first connection attempt has finished, or after two
   * seconds. Until then a fail-fast connection would report Redis down when it is not.
   */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Builds the services for a given configuration (tests build their own). */
export function createServices(config: WebEnv, options: { redisPrefix?: string } = {}): WebServices {
  const logger = createLogger({ name: "web", level: config.LOG_LEVEL });
  const db = createDatabaseClient(config.DATABASE_URL);
  const redis = createRedisConnection(config.REDIS_URL, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeoutMs: 2_000,
  });
  // With the offline queue disabled, commands sent before the first connection completes
  // fail, so connect now and let callers wait for that first attempt.
  redis.connect().catch(() => {});
  const ready = waitForRedis(redis, 2_000);
  const redisPrefix = options.redisPrefix ?? "skyport";
  const jobs = new JobProducer(redis, redisPrefix);
  const auth = createAuth({
    db,
    secret: config.SKYPORT_SECRET,
    baseUrl: config.SKYPORT_PUBLIC_URL ?? `http://localhost:${config.PORT}`,
    log: (level, message) => logger[level]({ component: "auth" }, message),
  });
  const clerk = clerkSettings(config);
  const clerkSessions = clerk
    ? createClerkSessionResolver({
        db,
        secretKey: clerk.secretKey,
        publishableKey: clerk.publishableKey,
        jwtKey: clerk.jwtKey,
        baseUrl: config.SKYPORT_PUBLIC_URL ?? `http://localhost:${config.PORT}`,
      })
    : null;
  const deploys = deployServices(config);
  return {
    config,
    logger,
    db,
    redis,
    jobs,
    auth,
    clerkSessions,
    secrets: createSecretBox({ keyring: parseKeyring(config.SKYPORT_KEK) }),
    deploys,
    auditAnchors: auditAnchorsOf(config, deploys.objectStore),
    redisPrefix,
    version: skyportVersion(),
    billing: billingRuntimeOf(config, config.SKYPORT_PUBLIC_URL ?? `http://localhost:${config.PORT}`),
    ready,
    async close() {
      await jobs.close();
      redis.disconnect();
      await db.$disconnect();
    },
  };
}

/** Where the worker keeps local runtimes (their logs and generated UI sign-in) on this machine. */
export function localRuntimeFiles(config: Pick<WebEnv, "SKYPORT_STATE_DIR">): { localRuntimesDir: string } {
  return { localRuntimesDir: path.resolve(config.SKYPORT_STATE_DIR ?? ".skyport", "runtimes") };
}

/** The object store for DAG bundles (files under the state directory unless a URL is set). */
export function deployServices(config: WebEnv): DeployServices & { objectStore: ObjectStore } {
  const objectStore = objectStoreFromEnvironment({
    url: config.SKYPORT_OBJECT_STORE_URL,
    defaultDirectory: path.resolve(config.SKYPORT_STATE_DIR ?? ".skyport", "objects"),
    accessKeyId: config.SKYPORT_OBJECT_STORE_ACCESS_KEY_ID,
    secretAccessKey: config.SKYPORT_OBJECT_STORE_SECRET_ACCESS_KEY,
  });
  const maxCompressedBytes = config.SKYPORT_BUNDLE_MAX_MIB * 1024 * 1024;
  return {
    objectStore,
    bundleLimits: {
      maxCompressedBytes,
      maxUncompressedBytes: Math.max(maxCompressedBytes * 10, 1024 * 1024 * 1024),
      maxFiles: 20_000,
    },
  };
}

/** Audit checkpoints live beside the bundles, in the same object store (never in the database). */
export function auditAnchorsOf(
  config: Pick<WebEnv, "SKYPORT_AUDIT_SIGNING_KEY" | "SKYPORT_AUDIT_TRUSTED_KEYS">,
  store: ObjectStore,
): AuditAnchors | null {
  const keys = auditAnchorKeys(config);
  return keys.trusted.size > 0 ? { store, keys } : null;
}

// Kept on globalThis so that module re-evaluation (dev hot reload, separate server
// bundles for routes and instrumentation) shares one pool instead of leaking new ones.
const globalForServices = globalThis as typeof globalThis & { __skyportWebServices?: WebServices };

/**
 * The process-wide services, created on first use. Configuration is read here, at run
 * time, never while `next build` evaluates modules; a bad setting stops the process with a
 * message naming the variable (exit status 78).
 */
export function getServices(): WebServices {
  globalForServices.__skyportWebServices ??= createServices(loadConfigOrExit("web", webEnvSchema));
  return globalForServices.__skyportWebServices;
}

/** Waits (bounded) for Redis to finish its first connection attempt; never throws. */
async function waitForRedis(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off("ready", done);
      redis.off("error", done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    redis.once("ready", done);
    redis.once("error", done);
  });
}

// Shared helpers for web tests: real services on the file's own database, and tRPC callers
// acting as a given user or API token.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { WebEnv } from "@skyport/config";
import type { Actor } from "@skyport/domain";
import { createLogger } from "@skyport/logger";
import { createTestDatabase, testRedis } from "@skyport/testing";
import { afterAll } from "vitest";
import { createServices, type WebServices } from "../src/server/services.ts";
import { createTRPCContext } from "../src/server/trpc/context.ts";
import { createCaller } from "../src/server/trpc/router.ts";

export const TEST_SECRET = "web-test-secret-0123456789abcdefghijklmnopqrstuv";
/** A fixed test keyring: one KEK, "web-test" (32 bytes, base64). */
export const TEST_KEK = `web-test:${Buffer.from("web-test-kek-0123456789abcdefghi").toString("base64")}`;

/**
 * Web services wired to a fresh database cloned from the migrated template. `overrides`
 * sets further configuration (e.g. the Clerk variables for Clerk mode).
 */
export async function createTestServices(overrides: Partial<WebEnv> = {}): Promise<WebServices> {
  const { url } = await createTestDatabase();
  // The file's own Redis prefix keeps its queued jobs and rate-limit counters apart.
  const { url: redisUrl, prefix } = testRedis();
  const services = createServices(
    {
      DATABASE_URL: url,
      REDIS_URL: redisUrl,
      SKYPORT_SECRET: TEST_SECRET,
      SKYPORT_KEK: TEST_KEK,
      SKYPORT_PUBLIC_URL: "http://localhost:3000",
      PORT: 3000,
      SKYPORT_TRUSTED_PROXIES: 0,
      SKYPORT_BASE_DOMAIN: "skyport.localhost",
      LOG_LEVEL: "silent",
      NODE_ENV: "test",
      // Bundles of this file's tests go to a folder of its own.
      SKYPORT_OBJECT_STORE_URL: pathToFileURL(mkdtempSync(path.join(os.tmpdir(), "skyport-objects-"))).href,
      SKYPORT_BUNDLE_MAX_MIB: 100,
      // Local runtimes (their logs) of this file's tests: a folder of its own, never .skyport.
      SKYPORT_STATE_DIR: mkdtempSync(path.join(os.tmpdir(), "skyport-state-")),
      ...overrides,
    },
    { redisPrefix: prefix },
  );
  await services.ready;
  afterAll(() => services.close());
  return services;
}

/**
 * Makes route handlers, which take the process-wide services from getServices(), use these
 * instead, so a test can call a route's exported GET/POST with a Request.
 */
export function serveRoutesWith(services: WebServices): void {
  (globalThis as { __skyportWebServices?: WebServices }).__skyportWebServices = services;
}

/** A tRPC caller as the given actor (null: anonymous), exactly as the HTTP route builds it. */
export async function callerAs(services: WebServices, actor: Actor | null, headers = new Headers()) {
  const ctx = await createTRPCContext({
    requestId: "test-request",
    logger: createLogger({ name: "web-test", level: "silent" }),
    services,
    headers,
  });
  return createCaller({
    ...ctx,
    actor,
    authError: null,
    request: { ip: "203.0.113.7", userAgent: "vitest", requestId: "test-request" },
  });
}

export function userActor(user: { id: string; email: string }): Actor {
  return { type: "user", userId: user.id, label: user.email };
}

/** A world's deployment as the owner of environment objects (variables, connections, Airflow variables). */
export function deploymentOwner(world: { organizationId: string; deploymentId: string }) {
  return {
    kind: "deployment" as const,
    organizationId: world.organizationId,
    deploymentId: world.deploymentId,
  };
}

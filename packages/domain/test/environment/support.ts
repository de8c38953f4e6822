// Shared set-up for the environment tests: the file's database, a SecretBox, a reconcile queue
// whose jobs a test can read, contexts per persona, and helpers to see what was written.
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@skyport/db";
import {
  ConflictError,
  createSecretBox,
  deliveredEnvironment,
  type EnvironmentServices,
  type MutationContext,
  parseKeyring,
  ValidationError,
} from "@skyport/domain";
import { type JobProducer, jobs } from "@skyport/queue";
import { buildWorld, createTestDatabase, type World } from "@skyport/testing";
import { expect } from "vitest";
import { freshProducer } from "../job-queues.ts";
import { personaContexts } from "../workspace-support.ts";

export const { db } = await createTestDatabase();
export const secrets = createSecretBox({
  keyring: parseKeyring(`env-test:${randomBytes(32).toString("base64")}`),
});

/** Services with a reconcile queue of their own, so a test sees exactly its jobs. */
export function freshServices(): EnvironmentServices & { producer: JobProducer } {
  const producer = freshProducer();
  return { secrets, jobs: producer, producer };
}

/** Deployment ids of the reconcile jobs queued so far (one entry per job). */
export async function reconciledDeployments(producer: JobProducer): Promise<string[]> {
  const queued = await producer.queue("provisioning").getJobs(["waiting", "delayed", "prioritized"]);
  return queued
    .filter((job) => job.name === jobs.deploymentReconcile.name)
    .map((job) => (job.data as { deploymentId: string }).deploymentId)
    .sort();
}

export const as = personaContexts(db);

/** The owner part of an input: the world's deployment's own objects. */
export function onDeployment(world: World) {
  return {
    owner: {
      kind: "deployment" as const,
      organizationId: world.organizationId,
      deploymentId: world.deploymentId,
    },
  };
}

/** The owner part of an input: the world's workspace's objects. */
export function onWorkspace(world: World) {
  return {
    owner: {
      kind: "workspace" as const,
      organizationId: world.organizationId,
      workspaceId: world.workspaceId,
    },
  };
}

/** The world's deployment (or another of its workspace) as deliveredEnvironment takes it. */
export function deploymentOf(world: World, deploymentId = world.deploymentId) {
  return { organizationId: world.organizationId, workspaceId: world.workspaceId, id: deploymentId };
}

/** What the world's deployment (or another of its workspace) receives, by name. */
export async function delivered(
  world: World,
  deploymentId = world.deploymentId,
): Promise<Record<string, string | null>> {
  const entries = await deliveredEnvironment(db, secrets, deploymentOf(world, deploymentId));
  return Object.fromEntries(entries.map((entry) => [entry.key, entry.value]));
}

/** A unique, recognisable secret to search outputs for. */
export function canary(label = "secret"): string {
  return `${label}-${randomBytes(10).toString("hex")}-Zürich`;
}

/** Another live deployment in the world's workspace. */
export async function addDeployment(world: World, name: string): Promise<string> {
  const template = await db.deployment.findUniqueOrThrow({ where: { id: world.deploymentId } });
  const shortId = randomBytes(4).toString("hex");
  const created = await db.deployment.create({
    data: {
      organizationId: world.organizationId,
      workspaceId: world.workspaceId,
      name,
      spec: { ...(template.spec as object), name },
      namespace: `skyport-${shortId}`,
      status: "HEALTHY",
      statusReason: "Ready",
    },
  });
  return created.id;
}

export { buildWorld };

/** Everything the environment tables and the audit log hold for an organization, as text. */
export async function storedText(database: PrismaClient, organizationId: string): Promise<string> {
  const [variables, connections, airflowVariables, audit] = await Promise.all([
    database.environmentVariable.findMany({ where: { organizationId } }),
    database.airflowConnection.findMany({ where: { organizationId } }),
    database.airflowVariable.findMany({ where: { organizationId } }),
    database.auditEvent.findMany({ where: { organizationId } }),
  ]);
  const bytes = (value: unknown) =>
    value instanceof Uint8Array ? Buffer.from(value).toString("latin1") : value;
  return JSON.stringify([variables, connections, airflowVariables, audit], (_key, value) => bytes(value));
}

export async function environmentRowCount(organizationId: string): Promise<number> {
  const where = { organizationId };
  const counts = await Promise.all([
    db.environmentVariable.count({ where }),
    db.airflowConnection.count({ where }),
    db.airflowVariable.count({ where }),
  ]);
  return counts.reduce((a, b) => a + b, 0);
}

export async function auditCount(organizationId: string): Promise<number> {
  return db.auditEvent.count({ where: { organizationId } });
}

/** The organization's environment rows and audit events, to show that a refused call wrote nothing. */
export async function writesIn(organizationId: string): Promise<{ rows: number; events: number }> {
  return { rows: await environmentRowCount(organizationId), events: await auditCount(organizationId) };
}

/** Runs a call expected to be refused for bad input; returns its issues as "field: message". */
export async function validationIssues(call: () => Promise<unknown>): Promise<string[]> {
  const error = await call().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((issue) => `${issue.field}: ${issue.message}`);
}

export async function errorOf(call: () => Promise<unknown>): Promise<Error> {
  const error = await call().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

/**
 * Creates `first`, then creates `second`, which must be refused as a ConflictError naming `field`,
 * then (when given) `distinct`, which must not clash: answers the ConflictError (for its message).
 */
export async function clashOf<Input>(
  create: (ctx: MutationContext, input: Input, services: EnvironmentServices) => Promise<unknown>,
  ctx: MutationContext,
  inputs: { first: NoInfer<Input>; second: NoInfer<Input>; field: string; distinct?: NoInfer<Input> },
): Promise<ConflictError> {
  await create(ctx, inputs.first, freshServices());
  const error = await errorOf(() => create(ctx, inputs.second, freshServices()));
  expect(error).toBeInstanceOf(ConflictError);
  expect((error as ConflictError).field).toBe(inputs.field);
  if (inputs.distinct) await create(ctx, inputs.distinct, freshServices());
  return error as ConflictError;
}

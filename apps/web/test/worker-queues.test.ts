// Worker queues as their own resource: each change is a new generation of the deployment's
// spec, computed from the stored spec, with errors named by the queue's own fields.
import { buildWorld } from "@skyport/testing";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { callerAs, createTestServices } from "./support.ts";

const services = await createTestServices();
const { db } = services;

async function celeryDeployment() {
  const world = await buildWorld(db);
  const owner = await callerAs(services, world.actor("organizationOwner"));
  const { deployment } = await owner.deployment.create({
    organizationId: world.organizationId,
    workspaceId: world.workspaceId,
    name: "pipelines",
    spec: { runtimeVersion: "3.3.1", executor: "CELERY" },
  });
  return { world, owner, ref: { organizationId: world.organizationId, deploymentId: deployment.id } };
}

async function refusal(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

describe("worker queues", () => {
  it("creates, updates and deletes a queue, each a new generation with one audit event", async () => {
    const { owner, ref } = await celeryDeployment();
    expect((await owner.workerQueue.list(ref)).items.map((q) => q.name)).toEqual(["default"]);

    const created = await owner.workerQueue.create({ ...ref, name: "ml", workerSize: "L", maxWorkers: 4 });
    expect(created.deployment.generation).toBe(2);
    expect((await owner.workerQueue.list(ref)).items).toContainEqual({
      name: "ml",
      workerSize: "L",
      minWorkers: 1,
      maxWorkers: 4,
      workerConcurrency: 16,
    });

    const updated = await owner.workerQueue.update({ ...ref, name: "ml", minWorkers: 2 });
    expect(updated.deployment.generation).toBe(3);
    const ml = (await owner.workerQueue.list(ref)).items.find((q) => q.name === "ml");
    // Only the given field changed; the others kept their values.
    expect(ml).toMatchObject({ workerSize: "L", minWorkers: 2, maxWorkers: 4 });

    await owner.workerQueue.delete({ ...ref, name: "ml" });
    expect((await owner.workerQueue.list(ref)).items.map((q) => q.name)).toEqual(["default"]);

    const events = await db.auditEvent.findMany({
      where: { organizationId: ref.organizationId, action: "deployment.update" },
      orderBy: { sequence: "asc" },
    });
    expect(
      events.map((e) => (e.metadata as { workerQueue?: { operation: string } }).workerQueue?.operation),
    ).toEqual(["create", "update", "delete"]);
  });

  it("names the queue's own fields in validation errors and writes nothing", async () => {
    const { owner, ref } = await celeryDeployment();
    const error = await refusal(
      owner.workerQueue.create({ ...ref, name: "Bad_Name", minWorkers: 5, maxWorkers: 2 }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    const fields = (error.cause as unknown as { issues: { field: string }[] }).issues.map(
      (issue) => issue.field,
    );
    expect(fields).toContain("name");
    expect(fields.some((f) => f === "maxWorkers" || f === "queue" || f === "minWorkers")).toBe(true);
    // One queue is named by the request, so its messages do not number it.
    expect(error.message).toContain("maxWorkers must be at least minWorkers (5)");
    expect(error.message).not.toMatch(/Worker queue \d|workerQueues\./);
    const row = await db.deployment.findUniqueOrThrow({ where: { id: ref.deploymentId } });
    expect(row.generation).toBe(1);
  });

  it("refuses a duplicate name, a missing queue, deleting default, and queues without Celery", async () => {
    const { owner, world, ref } = await celeryDeployment();
    expect((await refusal(owner.workerQueue.create({ ...ref, name: "default" }))).code).toBe("CONFLICT");
    expect((await refusal(owner.workerQueue.update({ ...ref, name: "nope", maxWorkers: 2 }))).code).toBe(
      "NOT_FOUND",
    );
    const defaultDelete = await refusal(owner.workerQueue.delete({ ...ref, name: "default" }));
    expect(defaultDelete.code).toBe("BAD_REQUEST");
    expect(defaultDelete.message).toMatch(/cannot be deleted/);

    const kubernetes = await owner.deployment.create({
      organizationId: world.organizationId,
      workspaceId: world.workspaceId,
      name: "k8s",
      spec: { runtimeVersion: "3.3.1", executor: "KUBERNETES" },
    });
    const noCelery = await refusal(
      owner.workerQueue.create({
        organizationId: world.organizationId,
        deploymentId: kubernetes.deployment.id,
        name: "ml",
      }),
    );
    expect(noCelery.code).toBe("BAD_REQUEST");
    expect(noCelery.message).toMatch(/Celery/);
  });

  it("never loses a concurrent queue change: both land or the loser is told to retry", async () => {
    const { owner, ref } = await celeryDeployment();
    const results = await Promise.allSettled([
      owner.workerQueue.create({ ...ref, name: "alpha" }),
      owner.workerQueue.create({ ...ref, name: "beta" }),
    ]);
    const names = (await owner.workerQueue.list(ref)).items.map((q) => q.name);
    for (const [index, result] of results.entries()) {
      const name = index === 0 ? "alpha" : "beta";
      if (result.status === "fulfilled") expect(names).toContain(name);
      else expect((result.reason as TRPCError).code).toBe("CONFLICT");
    }
  });

  it("answers another organization's deployment with NOT_FOUND", async () => {
    const { ref } = await celeryDeployment();
    const stranger = await buildWorld(db);
    const outsider = await callerAs(services, stranger.actor("organizationOwner"));
    expect((await refusal(outsider.workerQueue.list(ref))).code).toBe("NOT_FOUND");
    expect((await refusal(outsider.workerQueue.create({ ...ref, name: "x" }))).code).toBe("NOT_FOUND");
  });
});
